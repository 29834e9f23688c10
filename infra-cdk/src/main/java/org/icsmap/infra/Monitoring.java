package org.icsmap.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Operations: encrypted log groups, dead-letter queues, and alarms that page the ICS platform team through one
 * encrypted topic (subscribe an address with {@code -c alarmEmail=…}).
 */
public final class Monitoring extends Construct {

    /** A year of logs: long enough for an incident review, and they hold no patient data. */
    static final RetentionDays LOG_RETENTION = RetentionDays.ONE_YEAR;

    private final Naming naming;
    private final Key key;
    private final Topic alarms;

    public Monitoring(Construct scope, String id, Naming naming, Key operationsKey, String alarmEmail) {
        super(scope, id);
        this.naming = naming;
        this.key = operationsKey;
        // CloudWatch Logs and CloudWatch alarms (publishing to the encrypted topic) use the key as services.
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchLogsOfThisAccount")
                .principals(List.of(new ServicePrincipal("logs." + Aws.REGION + ".amazonaws.com")))
                .actions(List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                        "arn:" + Aws.PARTITION + ":logs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":log-group:*")))
                .build());
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublish")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                .build());
        alarms = Topic.Builder.create(this, "Alarms")
                .topicName(naming.name("alarms"))
                .displayName("icsmap " + naming.icsCode() + " alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        if (alarmEmail != null && !alarmEmail.isBlank()) {
            alarms.addSubscription(new EmailSubscription(alarmEmail));
        }
    }

    public Topic alarms() {
        return alarms;
    }

    public Key key() {
        return key;
    }

    /** An encrypted log group with the stack's retention, kept when the stack goes (it is the record of what ran). */
    public LogGroup logGroup(Construct scope, String id, String name) {
        return LogGroup.Builder.create(scope, id)
                .logGroupName(name)
                .encryptionKey(key)
                .retention(LOG_RETENTION)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /** A dead-letter queue that raises an alarm as soon as anything lands in it. */
    public Queue deadLetterQueue(Construct scope, String id, String name) {
        // SQS-managed encryption: the queue is written by the Lambda and EventBridge services, and the messages are
        // event envelopes (bucket, key, error), never file contents.
        Queue queue = Queue.Builder.create(scope, id)
                .queueName(naming.name(name))
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        alarmWhenDeadLettered(scope, id + "Depth", queue);
        return queue;
    }

    public void alarmWhenDeadLettered(Construct scope, String id, IQueue queue) {
        alarmAtLeastOnce(scope, id, queue.metricApproximateNumberOfMessagesVisible(), "messages in " + queue.getQueueName()
                + ": events that failed every retry (replay them once the cause is fixed)");
    }

    /** An alarm when the metric's sum reaches one in five minutes. */
    public Alarm alarmAtLeastOnce(Construct scope, String id, IMetric metric, String description) {
        Alarm alarm = Alarm.Builder.create(scope, id)
                .metric(metric)
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription("icsmap " + naming.icsCode() + ": " + description)
                .build();
        alarm.addAlarmAction(new SnsAction(alarms));
        return alarm;
    }
}
