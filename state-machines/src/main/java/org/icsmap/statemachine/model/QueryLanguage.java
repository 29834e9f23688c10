package org.icsmap.statemachine.model;

/** How a state's fields are evaluated: ASL's original JSONPath processing, or JSONata. */
public enum QueryLanguage {
    JSONPATH("JSONPath"),
    JSONATA("JSONata");

    private final String aslName;

    QueryLanguage(String aslName) {
        this.aslName = aslName;
    }

    public String aslName() {
        return aslName;
    }

    public static QueryLanguage fromAsl(String name) {
        for (QueryLanguage language : values()) {
            if (language.aslName.equals(name)) {
                return language;
            }
        }
        throw new IllegalArgumentException("unknown QueryLanguage '" + name + "'");
    }
}
