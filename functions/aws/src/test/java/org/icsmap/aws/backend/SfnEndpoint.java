package org.icsmap.aws.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.icsmap.aws.sfn.FakeStepFunctions;
import org.icsmap.statemachine.task.LambdaTaskHandler;
import org.icsmap.statemachine.task.TaskHandler;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Step Functions to test against on one {@link Backend}: in-process, {@link FakeStepFunctions} running
 * definitions on the local ASL interpreter; on LocalStack, its Step Functions. Tasks are limited to what both
 * can serve without deploying code: Lambda invocations of functions that do not exist (which fail with
 * {@code Lambda.ResourceNotFoundException} on both, as on AWS), and the flow states around them.
 */
public final class SfnEndpoint implements AutoCloseable {

    /** A role ARN for CreateStateMachine: LocalStack and the fake accept any well-formed one. */
    public static final String ROLE_ARN = "arn:aws:iam::000000000000:role/icsmap-it-refresh";

    private final Backend backend;
    private final SfnClient client;
    private final FakeStepFunctions fake;
    private final AtomicInteger taskAttempts;

    private SfnEndpoint(Backend backend, SfnClient client, FakeStepFunctions fake, AtomicInteger taskAttempts) {
        this.backend = backend;
        this.client = client;
        this.fake = fake;
        this.taskAttempts = taskAttempts;
    }

    public static SfnEndpoint open(Backend backend) {
        if (backend == Backend.IN_PROCESS) {
            AtomicInteger attempts = new AtomicInteger();
            TaskHandler lambdas = new LambdaTaskHandler(Map.of());
            TaskHandler counting = request -> {
                attempts.incrementAndGet();
                return lambdas.invoke(request);
            };
            FakeStepFunctions fake;
            try {
                fake = FakeStepFunctions.start(counting);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            SfnClient client = SfnClient.builder()
                    .endpointOverride(fake.endpoint())
                    .region(Region.of(FakeStepFunctions.REGION))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .build();
            return new SfnEndpoint(backend, client, fake, attempts);
        }
        SfnClient client = SfnClient.builder()
                .endpointOverride(LocalStackEnvironment.container().getEndpoint())
                .region(LocalStackEnvironment.region())
                .credentialsProvider(LocalStackEnvironment.credentials())
                .build();
        return new SfnEndpoint(backend, client, null, null);
    }

    public Backend backend() {
        return backend;
    }

    public SfnClient sfn() {
        return client;
    }

    /** Task attempts seen in-process (retries included); LocalStack does not tell without its history API. */
    public java.util.OptionalInt taskAttempts() {
        return taskAttempts == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(taskAttempts.get());
    }

    /** Creates a state machine and returns its ARN. */
    public String create(String name, String definition) {
        return client.createStateMachine(request -> request.name(name).definition(definition).roleArn(ROLE_ARN)).stateMachineArn();
    }

    @Override
    public void close() {
        client.close();
        if (fake != null) {
            fake.close();
        }
    }
}
