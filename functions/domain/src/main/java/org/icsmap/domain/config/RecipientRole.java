package org.icsmap.domain.config;

/** Who may receive what an agreement lets flow. */
public enum RecipientRole {
    /** ICS analysts: de-identified aggregates with disclosure control. */
    SHARED_ANALYST,
    /** Each organisation's own analysts and clinicians: their own patients, pseudonymised, across every setting. */
    OWN_ORGANISATION,
    /** The caring organisation asking for the identity of a cohort it cares for (audited). */
    REIDENTIFICATION
}
