package org.icsmap.synthetic;

/** Long-term conditions the generator gives people, with the ICD-10 code recorded when they are in hospital. */
public enum Condition {
    COPD("J44.9"), DIABETES("E11.9"), DEPRESSION("F32.9"), DEMENTIA("F03"), HEART_FAILURE("I50.9");

    private final String icd10;

    Condition(String icd10) {
        this.icd10 = icd10;
    }

    public String icd10() {
        return icd10;
    }

    int bit() {
        return 1 << ordinal();
    }
}
