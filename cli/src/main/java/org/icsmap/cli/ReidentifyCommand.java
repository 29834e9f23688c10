package org.icsmap.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.icsmap.domain.access.Caller;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.reidentify.ReidentificationAnswer;
import org.icsmap.domain.reidentify.ReidentificationAnswer.Answered;
import org.icsmap.domain.reidentify.ReidentificationAnswer.Refused;
import org.icsmap.domain.reidentify.ReidentificationRequest;
import org.icsmap.domain.reidentify.ReidentificationService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code icsmap reidentify}: the re-identification service of the AWS function, run over the local home. The
 * caller is the person at the keyboard ({@code local:<user>}) acting for {@code --org}; locally whoever holds the
 * home's keystore could read any vault anyway, so the organisation is taken as given, while everything else (own
 * vault only, the organisation's own key context, agreed purposes, at most 100, the audit record) is as on AWS.
 */
@Command(name = "reidentify", mixinStandardHelpOptions = true,
        description = "Re-identify a cohort of your organisation's own patients: the NHS numbers your organisation sent for the given pseudonyms "
                + "(person_id values from its own outputs). Pseudonyms of patients it did not send are reported as not found. "
                + "Every request, refused ones included, is recorded in audit/reidentify/.")
final class ReidentifyCommand implements Callable<Integer> {

    @Mixin
    LocalHomeOptions home;

    @Option(names = "--org", required = true, paramLabel = "ODS", description = "ODS code of the organisation you act for.")
    String organisation;

    @Option(names = "--purpose", required = true, description = "Why: one of the purposes the ICS's agreements give re-identification "
            + "for your organisation, e.g. direct_care.")
    String purpose;

    @Parameters(paramLabel = "PSEUDONYM", arity = "1..*", description = "person_id values (64 hex digits), at most "
            + ReidentificationService.MAX_PSEUDONYMS + ".")
    List<String> pseudonyms;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        IcsConfig config = home.loadConfig();
        LocalHome local = home.open(config);
        ReidentificationService service = new ReidentificationService(config, local.store, local.store, local.keys, Clock.systemUTC());
        Caller caller = Caller.of("local:" + System.getProperty("user.name", "unknown"), organisation);
        ReidentificationAnswer answer = service.reidentify(caller, new ReidentificationRequest(pseudonyms, purpose));
        PrintWriter out = spec.commandLine().getOut();
        return switch (answer) {
            case Refused refused -> throw new ExitCodes.UserError("refused (" + refused.reason() + "): " + refused.message()
                    + " [request " + refused.requestId() + ", audited]");
            case Answered answered -> {
                answered.identified().forEach(i -> out.printf("%s  %s%n", i.pseudonym(), i.nhsNumber()));
                answered.notFound().forEach(p -> out.printf("%s  not found%n", p));
                out.printf("%d of %d re-identified for %s; request %s recorded in audit/reidentify/%n", answered.identified().size(),
                        answered.identified().size() + answered.notFound().size(), organisation, answered.requestId());
                out.flush();
                yield ExitCodes.OK;
            }
        };
    }
}
