package org.icsmap.domain.config;

/** What sort of organisation a provider is. */
public enum ProviderKind {
    ACUTE, COMMUNITY, MENTAL_HEALTH, AMBULANCE, GP, SOCIAL_CARE,
    /** A provider outside the ICS that treats its residents (out-of-area flows). */
    OUT_OF_AREA,
    /** The ICB itself, when it forwards data it collects (GP extracts, the national data opt-out list). */
    COMMISSIONER
}
