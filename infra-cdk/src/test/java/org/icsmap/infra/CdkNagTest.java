package org.icsmap.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.CloudAssembly;

/** cdk-nag's AwsSolutions and HIPAA Security packs find nothing that is not suppressed with a reason. */
class CdkNagTest {

    private static Annotations annotations;

    @BeforeAll
    static void synthesise() {
        App app = IcsmapApp.newApp();
        IcsmapStack stack = TestStacks.example(app);
        CloudAssembly assembly = app.synth();
        annotations = Annotations.fromStack(stack);
    }

    @Test
    void noUnsuppressedErrors() {
        List<software.amazon.awscdk.cxapi.SynthesisMessage> errors = annotations.findError("*", Match.anyValue());
        assertThat(errors.stream().map(CdkNagTest::describe).toList()).isEmpty();
    }

    @Test
    void noUnsuppressedWarnings() {
        List<software.amazon.awscdk.cxapi.SynthesisMessage> warnings = annotations.findWarning("*", Match.anyValue());
        assertThat(warnings.stream().map(CdkNagTest::describe).toList()).isEmpty();
    }

    static String describe(software.amazon.awscdk.cxapi.SynthesisMessage message) {
        Object data = message.getEntry().getData();
        String text = data instanceof Map<?, ?> || data instanceof String ? data.toString() : String.valueOf(data);
        return message.getId() + ": " + text.lines().findFirst().orElse("");
    }
}
