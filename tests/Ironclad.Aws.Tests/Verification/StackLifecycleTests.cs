using System.Text.Json;
using Ironclad.Core.Reporting;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;
using Ironclad.Core.Verification;

namespace Ironclad.Aws.Tests.Verification;

/// <summary>Never a silent green: the stack as a whole (status, nested stacks, emptiness), deleted resources, value drift, and the report's fields.</summary>
public sealed class StackLifecycleTests
{
    private const string ChildArn = "arn:aws:cloudformation:us-east-1:111122223333:stack/app-Child-1/abc";
    private const string GrandArn = "arn:aws:cloudformation:us-east-1:111122223333:stack/app-Child-Grand-1/def";
    private const string QueueUrl = "https://sqs.us-east-1.amazonaws.com/111122223333/orders";
    private readonly FakeAws aws = new();

    [Fact]
    public async Task Nested_stacks_are_followed_recursively_and_their_resources_carry_the_path()
    {
        aws.Stack.Add(new StackResource("Child", ChildArn, "AWS::CloudFormation::Stack", "CREATE_COMPLETE"));
        aws.Nested[ChildArn] = (Stack("app-Child-1", ChildArn, "CREATE_COMPLETE"), [
            new StackResource("PlainQueue", QueueUrl, "AWS::SQS::Queue", "CREATE_COMPLETE"),
            new StackResource("Key", "k-1", "AWS::KMS::Key", "CREATE_COMPLETE"),
            new StackResource("Grand", GrandArn, "AWS::CloudFormation::Stack", "CREATE_COMPLETE"),
        ]);
        aws.Nested[GrandArn] = (Stack("app-Child-Grand-1", GrandArn, "UPDATE_ROLLBACK_FAILED"), [new StackResource("DeepKey", "k-2", "AWS::KMS::Key", "CREATE_COMPLETE")]);
        aws.Keys["k-1"] = Key("k-1", "Enabled");
        aws.Keys["k-2"] = Key("k-2", "Enabled");
        aws.Rotation["k-1"] = false;
        aws.Rotation["k-2"] = false;

        var report = await Verify();

        var queue = Single(report, "IC4001", "Child/PlainQueue");
        Assert.Equal((ResultStatus.Fail, QueueUrl), (queue.Status, queue.Live!.PhysicalId));
        Assert.Equal(ResultStatus.Fail, Single(report, "IC4002", "Child/Key").Status);
        Assert.Equal(ResultStatus.Fail, Single(report, "IC4002", "Child/Grand/DeepKey").Status);
        Assert.Equal((ResultStatus.Pass, "stack app-Child-1 is CREATE_COMPLETE"), Pair(Single(report, "IC9015", "Child")));
        Assert.Equal((ResultStatus.Fail, "stack app-Child-Grand-1 is UPDATE_ROLLBACK_FAILED: its resources are not what the template describes"), Pair(Single(report, "IC9015", "Child/Grand")));
        Assert.Equal("app", queue.Live.Stack);
    }

    [Fact]
    public async Task A_serverless_application_is_followed_like_a_nested_stack()
    {
        aws.Stack.Add(new StackResource("App", ChildArn, "AWS::Serverless::Application", "CREATE_COMPLETE"));
        aws.Nested[ChildArn] = (Stack("app-App-1", ChildArn, "CREATE_COMPLETE"), [new StackResource("Key", "k-1", "AWS::KMS::Key", "CREATE_COMPLETE")]);
        aws.Keys["k-1"] = Key("k-1", "Enabled");
        aws.Rotation["k-1"] = false;

        Assert.Equal(ResultStatus.Fail, Single(await Verify(), "IC4002", "App/Key").Status);
    }

    [Fact]
    public async Task A_nested_stack_deleted_outside_cloudformation_is_gone()
    {
        aws.Stack.Add(new StackResource("Child", ChildArn, "AWS::CloudFormation::Stack", "CREATE_COMPLETE"));
        aws.Gone.Add(ChildArn);

        var result = Single(await Verify(), "IC9017", "Child");

        Assert.Equal((ResultStatus.Fail, "the resource is gone: DescribeStacks answered ResourceNotFoundException, so it was deleted outside CloudFormation"), Pair(result));
    }

    [Fact]
    public async Task A_nested_stack_that_failed_before_it_got_an_id_is_reported()
    {
        aws.Stack.Add(new StackResource("Child", null, "AWS::CloudFormation::Stack", "CREATE_FAILED", "Template format error"));

        var result = Single(await Verify(), "IC9016", "Child");

        Assert.Equal((ResultStatus.Fail, "CREATE_FAILED with no physical ID: Template format error"), Pair(result));
    }

    [Theory]
    [InlineData("ROLLBACK_COMPLETE")]
    [InlineData("UPDATE_IN_PROGRESS")]
    [InlineData("CREATE_FAILED")]
    public async Task A_stack_not_in_a_stable_complete_state_is_a_finding(string status)
    {
        aws.StackStatus = status;
        aws.Stack.Add(new StackResource("Key", "k-1", "AWS::KMS::Key", "CREATE_COMPLETE"));
        aws.Keys["k-1"] = Key("k-1", "Enabled");

        var result = Single(await Verify(), "IC9015", StackVerifier.StackResourceName);

        Assert.Equal((ResultStatus.Fail, $"stack app is {status}: its resources are not what the template describes"), Pair(result));
    }

    [Fact]
    public async Task A_stack_with_nothing_to_check_says_so_and_fails()
    {
        var empty = await Verify();
        Assert.Equal((ResultStatus.Fail, "nothing was checked: the stack has no resources"), Pair(Single(empty, "IC9018", StackVerifier.StackResourceName)));

        aws.Stack.Add(new StackResource("Rule", "app-rule", "AWS::Events::Rule", "CREATE_COMPLETE"));
        aws.Stack.Add(new StackResource("Parameter", "app-parameter", "AWS::SSM::Parameter", "CREATE_COMPLETE"));
        var unknownTypes = await Verify();
        Assert.Equal(
            (ResultStatus.Fail, "nothing was checked: none of its 2 resources (AWS::Events::Rule, AWS::SSM::Parameter) is of a type verify checks"),
            Pair(Single(unknownTypes, "IC9018", StackVerifier.StackResourceName)));
    }

    [Fact]
    public async Task A_queue_deleted_outside_cloudformation_is_one_finding_whatever_the_service_calls_it()
    {
        aws.Stack.Add(new StackResource("Orders", QueueUrl, "AWS::SQS::Queue", "CREATE_COMPLETE"));
        aws.Gone.Add(QueueUrl);

        var results = (await Verify()).Where(r => r.Resource == "Orders").ToList();

        var gone = Assert.Single(results);
        Assert.Equal(("IC9017", ResultStatus.Fail), (gone.Rule.Id, gone.Status));
        Assert.Equal("the resource is gone: GetQueueAttributes answered AWS.SimpleQueueService.NonExistentQueue, so it was deleted outside CloudFormation", gone.Message);
    }

    [Fact]
    public async Task A_deleted_table_is_one_finding()
    {
        aws.Stack.Add(new StackResource("Table", "orders", "AWS::DynamoDB::Table", "CREATE_COMPLETE"));
        aws.Gone.Add("orders");

        var gone = Assert.Single(await Verify(), r => r.Resource == "Table");

        Assert.Equal("IC9017", gone.Rule.Id);
    }

    [Fact]
    public async Task A_check_that_does_not_apply_stays_silent_when_its_read_fails()
    {
        aws.Stack.Add(new StackResource("Orders", QueueUrl, "AWS::SQS::Queue", "CREATE_COMPLETE"));
        aws.Failing.Add("GetQueueAttributes");

        var report = await Verify();

        Assert.Equal(ResultStatus.Unknown, Single(report, "IC4001", "Orders").Status);
        Assert.DoesNotContain(report, r => r.Rule.Id is "IC9007" or "IC9008");
    }

    [Fact]
    public async Task Error_text_names_the_operation_and_code_once()
    {
        aws.Stack.Add(new StackResource("Fn", "fn", "AWS::Lambda::Function", "CREATE_COMPLETE"));
        aws.Functions["fn"] = new FunctionConfiguration("fn", null, null, [], [], null, null, new Dictionary<string, string>());
        aws.Failing.Add("GetAccountSettings");

        var result = Single(await Verify(), "IC9001", StackVerifier.AccountResource);

        Assert.Equal((ResultStatus.Unknown, "cannot verify: GetAccountSettings failed (HTTP404: Not Found)"), Pair(result));
    }

    [Theory]
    [InlineData("Disabled")]
    [InlineData("PendingDeletion")]
    public async Task A_key_that_is_not_enabled_fails_rotation_whatever_the_flag_says(string state)
    {
        aws.Stack.Add(new StackResource("Key", "k-1", "AWS::KMS::Key", "CREATE_COMPLETE"));
        aws.Keys["k-1"] = Key("k-1", state);

        var result = Single(await Verify(), "IC4002", "Key");

        Assert.Equal((ResultStatus.Fail, $"the key is {state}: a key that is not enabled is never rotated"), Pair(result));
    }

    [Fact]
    public async Task A_queue_used_as_an_on_failure_destination_gets_the_dead_letter_checks()
    {
        aws.Stack.Add(new StackResource("Fn", "fn", "AWS::Lambda::Function", "CREATE_COMPLETE"));
        aws.Stack.Add(new StackResource("Failures", QueueUrl, "AWS::SQS::Queue", "CREATE_COMPLETE"));
        aws.Functions["fn"] = new FunctionConfiguration("fn", null, null, [], [], null, null, new Dictionary<string, string>());
        aws.OnFailure["fn"] = "arn:aws:sqs:us-east-1:111122223333:orders";
        aws.Queues[QueueUrl] = new Dictionary<string, string> { ["QueueArn"] = "arn:aws:sqs:us-east-1:111122223333:orders", ["MessageRetentionPeriod"] = "345600" };

        var report = await Verify();

        Assert.Equal((ResultStatus.Fail, "messages are kept 345600 s (4 days), not 1209600 s (14 days)"), Pair(Single(report, "IC9007", "Failures")));
        Assert.Equal(ResultStatus.Fail, Single(report, "IC9008", "Failures").Status);
    }

    [Fact]
    public async Task A_customer_managed_key_replaced_live_by_sse_sqs_is_drift_at_the_property_line()
    {
        aws.Stack.Add(new StackResource("Orders", QueueUrl, "AWS::SQS::Queue", "CREATE_COMPLETE"));
        aws.Queues[QueueUrl] = new Dictionary<string, string> { ["SqsManagedSseEnabled"] = "true" };

        var result = Single(await Verify(Template("""
            Resources:
              Orders:
                Type: AWS::SQS::Queue
                Properties:
                  KmsMasterKeyId: alias/orders
            """)), "IC4001", "Orders");

        Assert.Equal((ResultStatus.Fail, "drift: the template sets KmsMasterKeyId: alias/orders (line 5), but live the queue has no KmsMasterKeyId: it is encrypted with SSE-SQS"), Pair(result));
        Assert.Equal((5, 7, true), (result.Line, result.Column, result.Live!.Drift));
    }

    [Fact]
    public async Task A_topic_whose_key_was_removed_live_is_drift_at_the_property_line()
    {
        aws.Stack.Add(new StackResource("Alerts", "arn:aws:sns:us-east-1:111122223333:alerts", "AWS::SNS::Topic", "CREATE_COMPLETE"));
        aws.Topics["arn:aws:sns:us-east-1:111122223333:alerts"] = new Dictionary<string, string> { ["TopicArn"] = "arn:aws:sns:us-east-1:111122223333:alerts" };

        var result = Single(await Verify(Template("""
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
                Properties:
                  KmsMasterKeyId: alias/alerts
            """)), "IC6101", "Alerts");

        Assert.Equal((ResultStatus.Fail, "drift: the template sets KmsMasterKeyId: alias/alerts (line 5), but live no KmsMasterKeyId: messages are stored unencrypted"), Pair(result));
        Assert.Equal((5, 7, true), (result.Line, result.Column, result.Live!.Drift));
    }

    [Fact]
    public async Task A_bucket_whose_kms_key_was_replaced_live_by_aes256_is_drift()
    {
        aws.Stack.Add(new StackResource("Data", "data", "AWS::S3::Bucket", "CREATE_COMPLETE"));
        aws.Buckets["data"] = new FakeBucket { Versioning = "Enabled", Encryption = [new BucketEncryptionRule("AES256", null)] };

        var result = Single(await Verify(Template("""
            Resources:
              Data:
                Type: AWS::S3::Bucket
                Properties:
                  BucketEncryption:
                    ServerSideEncryptionConfiguration:
                      - ServerSideEncryptionByDefault:
                          SSEAlgorithm: aws:kms
                          KMSMasterKeyID: !Ref DataKey
            """)), "IC3003", "Data");

        Assert.Equal((ResultStatus.Fail, "drift: the template sets BucketEncryption: {ServerSideEncryptionConfiguration} (line 5), but live default encryption is AES256, not aws:kms"), Pair(result));
    }

    [Fact]
    public async Task A_verify_only_check_the_template_asks_for_is_labelled_drift()
    {
        aws.Stack.Add(new StackResource("Vpc", "vpc-1", "AWS::EC2::VPC", "CREATE_COMPLETE"));
        aws.Dns = new VpcDns(true, false);

        var result = Single(await Verify(Template("""
            Resources:
              Vpc:
                Type: AWS::EC2::VPC
                Properties:
                  CidrBlock: 10.0.0.0/16
                  EnableDnsSupport: true
                  EnableDnsHostnames: true
            """)), "IC9003", "Vpc");

        Assert.Equal((ResultStatus.Fail, "drift: the template sets EnableDnsHostnames: true (line 7), but live vpc-1 has enableDnsHostnames off: interface endpoints' private DNS names will not resolve"), Pair(result));
        Assert.True(result.Live!.Drift);
    }

    [Fact]
    public async Task A_template_of_another_stack_is_rejected()
    {
        aws.Stack.Add(new StackResource("Orders", QueueUrl, "AWS::SQS::Queue", "CREATE_COMPLETE"));

        var error = await Assert.ThrowsAsync<VerifyException>(() => Verify(Template("""
            Resources:
              Site:
                Type: AWS::S3::Bucket
              Logs:
                Type: AWS::S3::Bucket
            """)));

        Assert.Equal("other.yaml does not belong to stack 'app': none of its 2 resources (Site, Logs) is in the stack", error.Message);
    }

    [Fact]
    public async Task Json_carries_account_region_stack_physical_id_drift_and_fix_and_text_counts_one_stack()
    {
        aws.Stack.Add(new StackResource("Orders", QueueUrl, "AWS::SQS::Queue", "CREATE_COMPLETE"));
        aws.StackStatus = "ROLLBACK_COMPLETE";
        var report = await new StackVerifier(aws.Readers).VerifyAsync(new VerifyTarget("app", "us-east-1"));

        using var json = new StringWriter();
        ReportWriters.Write(ReportFormat.Json, report, json, new ReportContext("test"));
        using var document = JsonDocument.Parse(json.ToString());
        var queue = document.RootElement.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("rule").GetString() == "IC4001");
        Assert.Equal(
            ("111122223333", "us-east-1", "app", QueueUrl, false, SqsRemediation()),
            (queue.GetProperty("account").GetString(), queue.GetProperty("region").GetString(), queue.GetProperty("stack").GetString(), queue.GetProperty("physicalId").GetString(), queue.GetProperty("drift").GetBoolean(), queue.GetProperty("fix").GetString()));
        Assert.Equal(1, document.RootElement.GetProperty("summary").GetProperty("stacks").GetInt32());

        using var text = new StringWriter();
        ReportWriters.Write(ReportFormat.Text, report, text, new ReportContext("test"));
        Assert.EndsWith("1 stack: 2 failed, 0 passed, 0 unknown, 0 suppressed, 0 errors" + Environment.NewLine, text.ToString(), StringComparison.Ordinal);
        Assert.Contains("IC9015 Stacks are in a stable complete state", text.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("(IC9015)", text.ToString(), StringComparison.Ordinal);
    }

    private static string SqsRemediation() => RuleCatalog.Find("IC4001")!.Descriptor.Remediation;

    private static StackDescription Stack(string name, string arn, string status) => new(name, arn, status, null, new Dictionary<string, string>());

    private static KeyDescription Key(string id, string state) => new(id, null, "CUSTOMER", state, "SYMMETRIC_DEFAULT", "AWS_KMS");

    private static (ResultStatus, string) Pair(ScanResult result) => (result.Status, result.Message);

    private static ScanResult Single(IEnumerable<ScanResult> results, string rule, string resource) =>
        Assert.Single(results, r => r.Rule.Id == rule && r.Resource == resource);

    private static CfnTemplate Template(string yaml) => CfnTemplate.From(TemplateDocument.Parse("other.yaml", yaml));

    private async Task<IReadOnlyList<ScanResult>> Verify(CfnTemplate? template = null) =>
        (await new StackVerifier(aws.Readers).VerifyAsync(new VerifyTarget("app", "us-east-1") { Template = template, TemplateDisplayPath = template is null ? null : "other.yaml" })).Results;
}
