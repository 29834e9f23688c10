package org.icsmap.statemachine;

/** The definition is not valid Amazon States Language (AWS would refuse to create it). */
public final class DefinitionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DefinitionException(String message) {
        super(message);
    }
}
