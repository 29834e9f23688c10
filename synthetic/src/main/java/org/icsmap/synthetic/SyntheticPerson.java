package org.icsmap.synthetic;

import java.time.LocalDate;
import org.icsmap.domain.config.IcsConfig.CareHome;

/** One synthetic patient: the cleartext truth that only tests and the generator see. */
final class SyntheticPerson {
    final int index;
    final String nhsNumber;
    final LocalDate dateOfBirth;
    final String sex;
    final String postcode;
    final String lsoa;
    final int imdDecile;
    /** Registered GP practice (in the ICS or, for out-of-area patients, a neighbouring one). */
    final String practice;
    /** The place of the registered practice; null when registered outside the ICS. */
    final String place;
    final CareHome careHome;
    final int conditions;
    /** Latent need: multiplies activity rates; heavy-tailed so a few people use most of the resources. */
    final double frailty;
    final boolean optedOut;
    /** The acute trust the person usually uses. */
    final String homeAcute;

    SyntheticPerson(int index, String nhsNumber, LocalDate dateOfBirth, String sex, String postcode, String lsoa, int imdDecile,
                    String practice, String place, CareHome careHome, int conditions, double frailty, boolean optedOut,
                    String homeAcute) {
        this.index = index;
        this.nhsNumber = nhsNumber;
        this.dateOfBirth = dateOfBirth;
        this.sex = sex;
        this.postcode = postcode;
        this.lsoa = lsoa;
        this.imdDecile = imdDecile;
        this.practice = practice;
        this.place = place;
        this.careHome = careHome;
        this.conditions = conditions;
        this.frailty = frailty;
        this.optedOut = optedOut;
        this.homeAcute = homeAcute;
    }

    boolean registeredInIcs() {
        return place != null;
    }

    boolean has(Condition condition) {
        return (conditions & condition.bit()) != 0;
    }

    int ageOn(LocalDate date) {
        return java.time.Period.between(dateOfBirth, date).getYears();
    }
}
