package org.icsmap.domain.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OrganisationRolesTest {

    private final OrganisationRoles roles = OrganisationRoles.fromJson("{\"icsmap-qj2-RFS-uploader\":\"RFS\",\"icsmap-qj2-830-uploader\":\"830\"}");

    @Test
    void anAssumedRoleMapsToItsOrganisation() {
        assertThat(roles.organisationOf("arn:aws:sts::111122223333:assumed-role/icsmap-qj2-RFS-uploader/jane.doe@nhs.net")).contains("RFS");
        assertThat(roles.organisationOf("arn:aws-us-gov:sts::111122223333:assumed-role/icsmap-qj2-830-uploader/batch")).contains("830");
    }

    @Test
    void anythingElseIsNoOrganisation() {
        assertThat(roles.organisationOf("arn:aws:sts::111122223333:assumed-role/icsmap-qj2-RTG-uploader/x1")).isEmpty();
        assertThat(roles.organisationOf("arn:aws:iam::111122223333:user/icsmap-qj2-RFS-uploader")).isEmpty();
        assertThat(roles.organisationOf("arn:aws:sts::111122223333:assumed-role/icsmap-qj2-RFS-uploader")).isEmpty();
        assertThat(roles.organisationOf("icsmap-qj2-RFS-uploader")).isEmpty();
        assertThat(roles.organisationOf(null)).isEmpty();
    }

    @Test
    void aBadMapIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> OrganisationRoles.fromJson("[\"secret\"]")).hasMessage("not a JSON object of IAM role names to ODS codes");
        assertThatThrownBy(() -> OrganisationRoles.fromJson("{}")).hasMessageContaining("maps no role");
        assertThatThrownBy(() -> OrganisationRoles.fromJson("{\"r\":\"rfs\"}")).hasMessageContaining("ODS codes");
    }
}
