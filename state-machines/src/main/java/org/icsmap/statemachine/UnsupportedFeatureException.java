package org.icsmap.statemachine;

/**
 * The definition uses something this interpreter deliberately does not implement (Distributed Map,
 * activities, callbacks, ...). It ends an execution with status UNSUPPORTED rather than guessing.
 */
public final class UnsupportedFeatureException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String feature;

    public UnsupportedFeatureException(String feature) {
        super("unsupported: " + feature);
        this.feature = feature;
    }

    /** The feature, without the {@code unsupported: } prefix. */
    public String feature() {
        return feature;
    }
}
