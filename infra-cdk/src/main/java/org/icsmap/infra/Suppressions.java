package org.icsmap.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * The stack's cdk-nag suppressions, each with the reason the finding does not apply here or is accepted. Findings on
 * one kind of resource are suppressed where that resource is made (see {@link #on}); the stack-wide ones are here.
 */
final class Suppressions {

    private Suppressions() {
    }

    static void apply(Stack stack) {
        NagSuppressions.addStackSuppressions(stack, List.of(
                NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason("Object-level wildcards under one named key prefix of a zone bucket (landing/provider=<ODS>/feed=<feed>/*, "
                                + "vault/provider=<ODS>/*, marts/org=<ODS>/*, marts/snapshot=*/shared/*, results/<workgroup>/*, audit/reidentify/*, ...)"
                                + " are the narrowest grant S3 offers: object keys are not known in advance. The prefixes come from MartsLayout,"
                                + " the agreements in the ICS config and the zone layout, and IamPolicyTest checks each role gets only its own.")
                        .appliesTo(List.of(RegexAppliesTo.builder()
                                .regex("/^Resource::<Zones[A-Za-z0-9]+\\.Arn>\\/(landing|curated|quarantine|vault|marts|reference|audit|results)\\/.*\\*$/")
                                .build()))
                        .build(),
                NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason("The tables of the ICS's own Glue database: the refresh creates a table per mart and snapshot, so their names"
                                + " are not known at deploy time; access to their data is decided by S3 prefixes, not by the catalogue.")
                        .appliesTo(List.of(RegexAppliesTo.builder()
                                .regex("/^Resource::arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table\\/icsmap_[a-z0-9_]+\\/\\*$/")
                                .build()))
                        .build(),
                NagPackSuppression.builder()
                        .id("HIPAA.Security-IAMNoInlinePolicy")
                        .reason("Each role's policy is generated for that role alone (one organisation's prefixes, one function's zones) and"
                                + " must live and die with it; a customer managed policy would invite attaching it to a second principal.")
                        .build()));
    }

    /** Suppresses findings on one construct and its children. */
    static void on(IConstruct construct, String id, String reason) {
        NagSuppressions.addResourceSuppressions(construct, List.of(NagPackSuppression.builder().id(id).reason(reason).build()), true);
    }
}
