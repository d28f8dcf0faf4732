using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// Interface endpoints for the services the functions moved into the VPC call (HARDENING.md section
/// 4), inferred from the permissions in the input only: the fix's own grants would always add a kms
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
        ["SQSPollerPolicy"] = "sqs",
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
        ["KinesisStreamReadPolicy"] = "kinesis-streams",
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

    /// <summary>Prefixes that need no interface endpoint, and why.</summary>
    private static readonly Dictionary<string, string> NoEndpoint = new(StringComparer.OrdinalIgnoreCase)
    {
        ["s3"] = "gateway endpoint",
        ["dynamodb"] = "gateway endpoint",
        ["execute-api"] = "no endpoint on purpose: with private DNS, an execute-api endpoint would capture calls to public API URLs and answer only private APIs; these calls go through NAT",
        ["iam"] = "global service, through NAT",
        ["cloudfront"] = "global service, through NAT",
    };

    public static void Apply(PlanContext context)
    {
        if (context.InVpc.Count == 0 || context.Network is not { } network)
        {
            return;
        }

        var fixes = context.InVpc.SelectMany(f => context.Result("IC1003", f) is { Status: ResultStatus.Fail } r ? [PlanContext.Ref(r)] : Array.Empty<FindingRef>()).ToArray();
        if (context.Options.Endpoints == EndpointMode.None)
        {
            context.Warn(WarningKind.Network, "Interface endpoints are off (--endpoints none): every call to an AWS API from the functions goes through the NAT gateway, billed per GB.");
            return;
        }

        var reasons = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        if (context.Options.Endpoints == EndpointMode.List)
        {
            foreach (var service in context.Options.EndpointServices)
            {
                reasons[service] = ["named by --endpoints"];
            }
        }
        else
        {
            foreach (var function in context.InVpc.Order(StringComparer.Ordinal))
            {
                foreach (var (service, why) in Calls(context, context.Resource(function)))
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

    private static string? ServiceOfPrefixOrNull(string service) => ServiceOfPrefix.ContainsValue(service) ? service : null;

    /// <summary>The services a function calls according to its permissions in the input, each with the permission that says so.</summary>
    private static IEnumerable<(string Service, string Why)> Calls(PlanContext context, Templates.ResourceDefinition function)
    {
        var properties = context.PropertiesOf(function);
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

            yield return (ServiceOfPrefix.TryGetValue(prefix, out var service) ? service : prefix.ToLowerInvariant(), action);
        }
    }
}
