package org.icsmap.domain.config;

/** Why data flows under an agreement (primary or secondary use, as the seeds discuss). */
public enum Purpose {
    /** Primary use: helping the organisations that care for a patient to care for them. */
    DIRECT_CARE,
    /** Secondary use: de-identified analysis of the population's needs and resource use. */
    POPULATION_HEALTH_MANAGEMENT,
    /** Secondary use: planning and commissioning services. */
    PLANNING
}
