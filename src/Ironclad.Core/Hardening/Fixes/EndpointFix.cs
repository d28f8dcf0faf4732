using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Lambda;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// Interface endpoints for the services the functions moved into the VPC call (docs/design/hardening.md, /// Which interface endpoints), inferred from the permissions in the input only: the fix's own grants would always add a kms
/// endpoint that no code uses. S3 and DynamoDB use the free gateway endpoints.
/// </summary>
internal static class EndpointFix
{
    /// <summary>Action prefixes and the interface endpoint service that serves them.</summary>
    private static readonly Dictionary<string, string> ServiceOfPrefix = new(StringComparer.OrdinalIgnoreCase)
    {
        ["bedrock"] = "bedrock-runtime",
        ["cognito-idp"] = "cognito-idp",
        ["sqs"] = "sqs",
        ["sns"] = "sns",
        ["kms"] = "kms",
        ["ssm"] = "ssm",
        ["states"] = "states",
        ["events"] = "events",
        ["secretsmanager"] = "secretsmanager",
        ["lambda"] = "lambda",
        ["logs"] = "logs",
        ["kinesis"] = "kinesis-streams",
        ["firehose"] = "kinesis-firehose",
        ["sts"] = "sts",
        ["xray"] = "xray",
        ["cloudwatch"] = "monitoring",
        ["athena"] = "athena",
        ["glue"] = "glue",
        ["rekognition"] = "rekognition",
        ["comprehend"] = "comprehend",
        ["textract"] = "textract",
        ["translate"] = "translate",
        ["polly"] = "polly",
        ["ecr"] = "ecr.api",
        ["appconfig"] = "appconfigdata",
        ["sagemaker"] = "sagemaker.runtime",
        ["elasticfilesystem"] = "elasticfilesystem",
        ["rds-data"] = "rds-data",
        ["apigateway"] = "apigateway",
    };

    /// <summary>SAM policy templates and the endpoint service their actions need.</summary>
    private static readonly Dictionary<string, string> ServiceOfTemplate = new(StringComparer.Ordinal)
    {
        ["SQSSendMessagePolicy"] = "sqs",
        ["SNSPublishMessagePolicy"] = "sns",
        ["SNSCrudPolicy"] = "sns",
        ["KMSDecryptPolicy"] = "kms",
        ["KMSEncryptPolicy"] = "kms",
        ["SSMParameterReadPolicy"] = "ssm",
        ["SSMParameterWithSlashPrefixReadPolicy"] = "ssm",
        ["StepFunctionsExecutionPolicy"] = "states",
        ["EventBridgePutEventsPolicy"] = "events",
        ["AWSSecretsManagerGetSecretValuePolicy"] = "secretsmanager",
        ["AWSSecretsManagerRotationPolicy"] = "secretsmanager",
        ["LambdaInvokePolicy"] = "lambda",
        ["KinesisCrudPolicy"] = "kinesis-streams",
        ["FirehoseWritePolicy"] = "kinesis-firehose",
        ["FirehoseCrudPolicy"] = "kinesis-firehose",
        ["CloudWatchPutMetricPolicy"] = "monitoring",
        ["RekognitionDetectOnlyPolicy"] = "rekognition",
        ["RekognitionLabelsPolicy"] = "rekognition",
        ["ComprehendBasicAccessPolicy"] = "comprehend",
        ["TextractPolicy"] = "textract",
        ["TextractDetectAnalyzePolicy"] = "textract",
        ["PollyFullAccessPolicy"] = "polly",
        ["AthenaQueryPolicy"] = "athena",
    };

    /// <summary>AWS managed policies (by name, in a SAM Policies list or an ARN) and their endpoint service.</summary>
    private static readonly Dictionary<string, string> ServiceOfManagedPolicy = new(StringComparer.Ordinal)
    {
        ["AmazonSQSFullAccess"] = "sqs",
        ["AmazonSNSFullAccess"] = "sns",
        ["AmazonKinesisFullAccess"] = "kinesis-streams",
        ["AmazonSSMReadOnlyAccess"] = "ssm",
        ["SecretsManagerReadWrite"] = "secretsmanager",
        ["AmazonBedrockFullAccess"] = "bedrock-runtime",
        ["AmazonCognitoPowerUser"] = "cognito-idp",
        ["AWSStepFunctionsFullAccess"] = "states",
        ["AmazonEventBridgeFullAccess"] = "events",
    };

    /// <summary>
    /// SAM policy templates that only serve event-source polling, which the Lambda service does
    /// outside the function's network: they call for no endpoint.
    /// </summary>
    private static readonly HashSet<string> PollingTemplates = new(StringComparer.Ordinal)
    {
        "SQSPollerPolicy",
        "KinesisStreamReadPolicy",
        "DynamoDBStreamReadPolicy",
    };

    /// <summary>Actions the Lambda service calls for an event source of that kind (outside the VPC), never the function's code.</summary>
    private static readonly Dictionary<string, string[]> PollingActions = new(StringComparer.Ordinal)
    {
        ["sqs"] = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:DeleteMessageBatch", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility", "sqs:ChangeMessageVisibilityBatch"],
    };

    /// <summary>Stream reads: only the Lambda service's event-source poller calls them (docs/design/hardening.md, "Which interface endpoints").</summary>
    private static readonly HashSet<string> StreamReads = new(StringComparer.OrdinalIgnoreCase)
    {
        "kinesis:GetRecords",
        "kinesis:GetShardIterator",
        "kinesis:DescribeStream",
        "kinesis:DescribeStreamSummary",
        "kinesis:ListShards",
        "kinesis:ListStreams",
        "kinesis:SubscribeToShard",
        "kinesis:DescribeStreamConsumer",
    };

    /// <summary>Log delivery of the basic execution role: the Lambda service writes the logs, not the function's network.</summary>
    private static readonly HashSet<string> LogDelivery = new(StringComparer.OrdinalIgnoreCase)
    {
        "logs:*",
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
    };

    /// <summary>Prefixes that need no interface endpoint, and why.</summary>
    private static readonly Dictionary<string, string> NoEndpoint = new(StringComparer.OrdinalIgnoreCase)
    {
        ["s3"] = "gateway endpoint",
        ["dynamodb"] = "gateway endpoint",
        ["execute-api"] = "no endpoint on purpose: with private DNS, an execute-api endpoint would capture calls to public API URLs and answer only private APIs; these calls go through NAT",
        ["iam"] = "global service, through NAT",
        ["cloudfront"] = "global service, through NAT",
    };

    public static void Apply(PlanContext context, LambdaFixResult lambda)
    {
        if (lambda.InVpc.Count == 0 || lambda.Network is not { } network)
        {
            return;
        }

        var fixes = lambda.InVpc.SelectMany(f => context.Result(LambdaInsideVpc.Info.Id, f) is { Status: ResultStatus.Fail } r ? [context.RefOf(r)] : Array.Empty<FindingRef>()).ToArray();
        if (context.Options.Endpoints == EndpointMode.None)
        {
            context.Warn(WarningKind.Network, "Interface endpoints are off (--endpoints none): every call to an AWS API from the functions goes through the NAT gateway, billed per GB.");
            return;
        }

        var reasons = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var ignored = new SortedSet<string>(StringComparer.Ordinal);
        if (context.Options.Endpoints == EndpointMode.List)
        {
            foreach (var service in context.Options.EndpointServices)
            {
                reasons[service] = ["named by --endpoints"];
            }
        }
        else
        {
            foreach (var function in lambda.InVpc.Order(StringComparer.Ordinal))
            {
                foreach (var (service, why) in Calls(context, context.Resource(function), ignored))
                {
                    if (ServiceOfPrefixOrNull(service) is { } endpoint)
                    {
                        (reasons.TryGetValue(endpoint, out var list) ? list : reasons[endpoint] = []).Add($"{function}: {why}");
                    }
                    else if (!NoEndpoint.TryGetValue(service, out var text) || text != "gateway endpoint")
                    {
                        var note = text is not null ? $"{service} ({text})" : $"{service} (no interface endpoint known to the tool; through NAT)";
                        if (!context.ServicesThroughNat.Contains(note))
                        {
                            context.ServicesThroughNat.Add(note);
                        }
                    }
                }
            }
        }

        if (ignored.Count > 0)
        {
            context.Warn(WarningKind.Network, $"Not counted for interface endpoints (the Lambda service does this outside the functions' network: event-source polling, log delivery): {string.Join("; ", ignored)}.");
        }

        if (context.Options.Network == NetworkMode.Existing && context.Options.Endpoints == EndpointMode.Auto)
        {
            // With private DNS, an endpoint answers the service's name for every workload of that VPC
            // (admitting only the functions would cut the others off), and creation fails if the VPC
            // already has a private-DNS endpoint for the service.
            if (reasons.Count > 0)
            {
                context.Warn(
                    WarningKind.Network,
                    $"Existing VPC: no interface endpoints are added (their private DNS would change how every workload in that VPC resolves the service, and creation fails where the VPC already has one). The functions call: {string.Join(", ", reasons.Keys)}; if the VPC has no endpoints for them, name them with --endpoints {string.Join(',', reasons.Keys)} (their security group then admits HTTPS from the VPC's range, parameter VpcCidr), or the calls go through the VPC's NAT.");
            }

            return;
        }

        if (context.Options.Network == NetworkMode.Existing && reasons.Count > 0)
        {
            context.Warn(WarningKind.Network, "Existing VPC: the interface endpoints named by --endpoints have private DNS, so every workload in that VPC resolves those services to them: their security group admits HTTPS from the whole VPC (parameter VpcCidr), not only from the functions. Creation fails if the VPC already has a private-DNS endpoint for one of them.");
        }

        foreach (var service in reasons.Keys.Where(network.ExistingEndpoints.ContainsKey).ToList())
        {
            context.Endpoints.Add(new EndpointChoice(service, network.ExistingEndpoints[service], [.. reasons[service].Distinct(), "the VPC already has this endpoint"]));
            reasons.Remove(service);
        }

        foreach (var (service, why) in reasons)
        {
            var endpoint = Network.InterfaceEndpoint(context, network, service, fixes);
            context.Endpoints.Add(new EndpointChoice(service, endpoint.Id, why.Distinct().ToList()));
        }

        if (reasons.Count > 0)
        {
            context.Warn(WarningKind.Network, $"Interface endpoints added: {string.Join(", ", reasons.Keys)}. Not every service has endpoints in every region or zone (cognito-idp in particular), and !GetAZs may pick a zone an endpoint service lacks: check them against the region before deploying.");
        }

        context.Warn(WarningKind.DeployTime, "Functions in a VPC: deleting the stack waits about 20 minutes while Lambda releases their network interfaces.");
    }

    /// <summary>The kinds of event sources the Lambda service polls for a function (<c>sqs</c>, <c>kinesis</c>, <c>dynamodb</c>): SAM events and event-source mappings.</summary>
    private static HashSet<string> EventSources(PlanContext context, Templates.ResourceDefinition function, MapValue? properties)
    {
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        if (properties?["Events"] is MapValue events)
        {
            foreach (var key in events.Keys)
            {
                if (events[key] is MapValue e && e["Type"] is ScalarValue { Text: var type } && type is "SQS" or "Kinesis" or "DynamoDB")
                {
                    kinds.Add(type.ToLowerInvariant());
                }
            }
        }

        foreach (var mapping in context.Template.ResourcesOfType("AWS::Lambda::EventSourceMapping"))
        {
            var target = context.Evaluator.Evaluate(mapping.Properties?["FunctionName"]);
            if (!ValuePath.References(target, function.LogicalId))
            {
                continue;
            }

            var source = context.Evaluator.Evaluate(mapping.Properties?["EventSourceArn"]);
            var sourceType = source is UnknownValue { ReferencedResource: { } id } ? context.FindResource(id)?.Type : null;
            var text = source is ScalarValue s ? s.Text : "";
            if (sourceType is "AWS::SQS::Queue" || text.Contains(":sqs:", StringComparison.Ordinal))
            {
                kinds.Add("sqs");
            }
        }

        return kinds;
    }

    private static string? ServiceOfPrefixOrNull(string service) => ServiceOfPrefix.ContainsValue(service) ? service : null;

    /// <summary>The services a function calls according to its permissions in the input, each with the permission that says so.</summary>
    private static IEnumerable<(string Service, string Why)> Calls(PlanContext context, Templates.ResourceDefinition function, SortedSet<string> ignored)
    {
        var properties = context.PropertiesOf(function);
        var sources = EventSources(context, function, properties);
        var (kind, role) = PolicyReader.RoleOf(context, function, properties);
        var statements = new List<PolicyStatement>();
        var managed = new List<string>();
        if (kind == RoleKind.SamGenerated)
        {
            foreach (var item in PolicyReader.SamPolicyItems(properties))
            {
                switch (item)
                {
                    case ScalarValue name:
                        managed.Add(name.Text);
                        break;
                    case MapValue map:
                        foreach (var key in map.Keys)
                        {
                            if (key == "Statement")
                            {
                                statements.AddRange(PolicyReader.Statements(map));
                            }
                            else if (PollingTemplates.Contains(key))
                            {
                                ignored.Add($"{function.LogicalId}: {key}");
                            }
                            else if (ServiceOfTemplate.TryGetValue(key, out var service))
                            {
                                yield return (service, key);
                            }
                        }

                        break;
                }
            }
        }
        else if (kind == RoleKind.InTemplate)
        {
            statements.AddRange(PolicyReader.RoleStatements(context, role!));
            managed.AddRange(PolicyReader.RoleManagedPolicies(context, role!));
        }

        foreach (var name in managed)
        {
            var policy = name.Split('/')[^1];
            if (ServiceOfManagedPolicy.TryGetValue(policy, out var service))
            {
                yield return (service, policy);
            }
        }

        foreach (var action in statements.Where(s => s.Allow).SelectMany(s => s.Actions).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var prefix = action.Split(':')[0];
            if (prefix == "*")
            {
                continue;
            }

            if (LogDelivery.Contains(action) || StreamReads.Contains(action)
                || sources.Any(kind => PollingActions.TryGetValue(kind, out var polling) && polling.Contains(action, StringComparer.OrdinalIgnoreCase)))
            {
                ignored.Add($"{function.LogicalId}: {action}");
                continue;
            }

            yield return (ServiceOfPrefix.TryGetValue(prefix, out var service) ? service : prefix.ToLowerInvariant(), action);
        }
    }
}
