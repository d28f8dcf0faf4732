using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.ApiGateway;

// CKV_AWS_59, Security Hub APIGateway.8. Fail: a REST method or HTTP/WebSocket route whose AuthorizationType is NONE
// (or absent, which means NONE) and that needs no API key; a SAM function's Api or HttpApi event that neither its own
// Auth nor its API's DefaultAuthorizer (explicit API, or Globals for SAM's implicit one) puts behind an authorizer or an
// API key. OPTIONS (CORS preflight) is exempt; so are WebSocket routes other than $connect, which cannot be authorized.
public sealed class ApiGatewayAuthorization : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC6005",
        Name = nameof(ApiGatewayAuthorization),
        Title = "API Gateway methods and routes require authorization",
        Severity = Severity.Medium,
        ResourceTypes = [ApiGatewayTypes.Method, ApiGatewayTypes.Route, "AWS::Serverless::Function"],
        CheckovIds = ["CKV_AWS_59"],
        SecurityHubIds = ["APIGateway.8"],
        Rationale = "A method or route without an authorizer lets anyone on the internet reach the back end: every call runs the integration and is billed, and any data it returns is public.",
        Remediation = "Set an authorizer (AuthorizationType AWS_IAM, COGNITO_USER_POOLS, CUSTOM or JWT; SAM: Auth.DefaultAuthorizer on the API, or Auth.Authorizer on the event), or require an API key; if the endpoint is public by design, suppress the finding with that reason.",
        ManualFix = "put the method or route behind an authorizer or an API key, or suppress the finding with the reason if it is public by design",
        PassCondition = "`AWS::ApiGateway::Method`: `AuthorizationType` is set and not `NONE`, or `ApiKeyRequired` is true, or `HttpMethod` is `OPTIONS`. `AWS::ApiGatewayV2::Route`: `AuthorizationType` is set and not `NONE`, or `ApiKeyRequired` is true, or the route key is `OPTIONS …`; on a WebSocket API only `$connect` is judged. `AWS::Serverless::Function`: every `Api` and `HttpApi` event (other than `OPTIONS`) has an authorizer (its `Auth.Authorizer`, else its API's `Auth.DefaultAuthorizer`; for SAM's implicit API, the one in `Globals`) other than `NONE`, or requires an API key. Routes defined only in an OpenAPI `DefinitionBody` are not judged.",
        Deviations = "An absent `AuthorizationType` means `NONE` and fails; Checkov passes it. `ApiKeyRequired: true` passes. HTTP and WebSocket routes and SAM function events (explicit and implicit APIs) are covered too.",
        CountLabel = "API method or route open without authorization",
        Noun = "methods, routes and functions with API events",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context) => context.Resource.Type switch
    {
        ApiGatewayTypes.Method => Method(context),
        ApiGatewayTypes.Route => Route(context),
        _ => Events(context),
    };

    private static Verdict Method(ResourceContext context)
    {
        if (context.Get("HttpMethod") is ScalarValue { Text: "OPTIONS" })
        {
            return Verdict.Pass("an OPTIONS method answers CORS preflight requests, which carry no credentials");
        }

        return Authorization(context);
    }

    private static Verdict Route(ResourceContext context)
    {
        var key = context.Get("RouteKey");
        if (key is ScalarValue { Text: var routeKey } && routeKey.StartsWith("OPTIONS ", StringComparison.Ordinal))
        {
            return Verdict.Pass("an OPTIONS route answers CORS preflight requests, which carry no credentials");
        }

        if (context.Get("ApiId") is UnknownValue { ReferencedResource: { } api }
            && ValuePath.Get(context.Facts.PropertiesOf(api), "ProtocolType") is ScalarValue { Text: "WEBSOCKET" }
            && key is ScalarValue { Text: not "$connect" } other)
        {
            return Verdict.NotApplicable($"the WebSocket route {other.Text} cannot take an authorizer (only $connect can)");
        }

        return Authorization(context);
    }

    private static Verdict Authorization(ResourceContext context)
    {
        var type = context.Get("AuthorizationType");
        var apiKey = ValueChecks.Truth(context.Get("ApiKeyRequired"));
        return type switch
        {
            ScalarValue { IsEmpty: false, Text: not "NONE" } s => Verdict.Pass($"AuthorizationType is {s.Text}"),
            UnknownValue => Verdict.Unknown($"AuthorizationType is {ValueChecks.Describe(type)}", type.Origin),
            _ when apiKey == true => Verdict.Pass("ApiKeyRequired is true"),
            _ => Verdict.Fail(
                $"AuthorizationType is {(type is null ? "not set (NONE)" : ValueChecks.Describe(type))} and no API key is required: anyone can call it",
                ValueChecks.Locate(context.Properties, "AuthorizationType")),
        };
    }

    private static Verdict Events(ResourceContext context)
    {
        if (context.Get("Events") is not MapValue events)
        {
            return Verdict.NotApplicable("the function has no events");
        }

        var verdicts = new List<Verdict>();
        foreach (var (name, value) in events.Entries)
        {
            if (value is not MapValue evt || evt["Type"] is not ScalarValue { Text: "Api" or "HttpApi" } kind)
            {
                continue;
            }

            var method = ValuePath.Get(evt, "Properties", "Method") is ScalarValue m ? m.Text.ToUpperInvariant() : "";
            if (method == "OPTIONS")
            {
                continue;
            }

            verdicts.Add(Event(context, name, evt, kind.Text));
        }

        if (verdicts.Count == 0)
        {
            return Verdict.NotApplicable("the function has no API events");
        }

        var open = verdicts.Where(v => v.Status == ResultStatus.Fail).ToList();
        return open.Count switch
        {
            0 => ValueChecks.Worst(verdicts),
            1 => open[0],
            _ => open[0] with { Message = string.Join("; ", open.Select(v => v.Message)) },
        };
    }

    private static Verdict Event(ResourceContext context, string name, MapValue evt, string kind)
    {
        var properties = evt["Properties"] as MapValue;
        var route = $"{Text(ValuePath.Get(properties, "Method")) ?? "ANY"} {Text(ValuePath.Get(properties, "Path")) ?? "/"}".Trim();
        var api = ApiAuth(context, properties?[kind == "Api" ? "RestApiId" : "ApiId"], kind);
        var authorizer = ValuePath.Get(properties, "Auth", "Authorizer");
        var apiKey = ValueChecks.Truth(ValuePath.Get(properties, "Auth", "ApiKeyRequired")) == true
            || ValueChecks.Truth(ValuePath.Get(api, "ApiKeyRequired")) == true;
        var effective = authorizer ?? ValuePath.Get(api, "DefaultAuthorizer");
        var at = ValuePath.Get(properties, "Auth", "Authorizer")?.Origin ?? evt.Origin;
        return effective switch
        {
            ScalarValue { IsEmpty: false, Text: not "NONE" } s => Verdict.Pass($"event {name} ({route}) uses the authorizer {s.Text}"),
            UnknownValue => Verdict.Unknown($"the authorizer of event {name} is {ValueChecks.Describe(effective)}", effective.Origin),
            _ when apiKey => Verdict.Pass($"event {name} ({route}) requires an API key"),
            _ => Verdict.Fail($"event {name} ({route}) has no authorizer and no API key: anyone can call it", at),
        };
    }

    /// <summary>The Auth of the API an event belongs to: the API resource it names, else SAM's implicit API, configured by Globals.</summary>
    private static Value? ApiAuth(ResourceContext context, Value? reference, string kind)
    {
        if (reference is UnknownValue { ReferencedResource: { } api })
        {
            return ValuePath.Get(context.Facts.PropertiesOf(api), "Auth");
        }

        return reference is null && context.Facts.Template.Globals?[kind] is { } globals
            ? ValuePath.Get(context.Evaluator.Evaluate(globals), "Auth")
            : null;
    }

    private static string? Text(Value? value) => value is ScalarValue { IsEmpty: false } s ? s.Text : null;
}
