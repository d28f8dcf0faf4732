using System.Globalization;
using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using Ironclad.Aws.Http;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;
using Ironclad.Core.Verification;

namespace Ironclad.Aws;

/// <summary>
/// The entry point of <c>ironclad verify</c>: resolves accounts, regions and stacks, verifies each
/// stack with bounded concurrency under one time bound, and returns one report.
/// </summary>
public static class VerifyRunner
{
    /// <summary>The stack states in which resources are what the last successful deployment made.</summary>
    private static readonly HashSet<string> StableStates = new(StringComparer.Ordinal)
    {
        "CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE",
    };

    /// <exception cref="VerifyException">The run cannot start, a single stack cannot be read, or the time bound passed (exit code 2).</exception>
    public static async Task<ScanReport> RunAsync(VerifyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Stacks.Count == 0 && !options.AllStacks)
        {
            throw new VerifyException("name a stack with --stack (repeatable) or pass --all-stacks");
        }

        var (template, display) = LoadTemplate(options);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.RunTimeout);
        try
        {
            return await RunAll(options, template, display, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new VerifyException($"verify did not finish within {options.RunTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (--timeout): an endpoint is not answering, or the run needs a longer bound", ex);
        }
    }

    private static (CfnTemplate? Template, string? Display) LoadTemplate(VerifyOptions options)
    {
        if (options.TemplatePath is not null && options.TemplateOutPath is not null)
        {
            throw new VerifyException("--template and --template-out exclude each other: --template-out fetches the template --template would name");
        }

        var one = options.Stacks.Count == 1 && !options.AllStacks && options.Regions.Count <= 1 && options.Accounts.Count == 0 && !options.OrganizationAccounts;
        if (options.TemplateOutPath is not null && !one)
        {
            throw new VerifyException("--template-out saves one stack's template: use it with exactly one --stack, at most one --region and no --accounts");
        }

        if (options.TemplatePath is not { } path)
        {
            return (null, null);
        }

        if (!one)
        {
            throw new VerifyException("--template describes one stack: use it with exactly one --stack, at most one --region and no --accounts");
        }

        try
        {
            return (CfnTemplate.From(TemplateDocument.Load(path)), DisplayPath(path, options.BaseDirectory));
        }
        catch (TemplateLoadException ex)
        {
            throw new VerifyException($"{path}:{ex.Position.Line}:{ex.Position.Column}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new VerifyException($"cannot read template {path}: {ex.Message}", ex);
        }
    }

    private sealed record Target(AwsConnection Connection, string Account, string Region, string Stack);

    private static async Task<ScanReport> RunAll(VerifyOptions options, CfnTemplate? template, string? display, CancellationToken cancellationToken)
    {
        var (credentials, regions) = AwsConnection.Resolve(options);
        var errors = new List<ScanError>();
        var accounts = await Accounts(options, regions[0], credentials, errors, cancellationToken).ConfigureAwait(false);
        var connections = new List<AwsConnection>();
        try
        {
            var targets = new List<Target>();
            foreach (var (account, accountCredentials) in accounts)
            {
                foreach (var region in regions)
                {
                    var connection = AwsConnection.Open(options, region, accountCredentials);
                    connections.Add(connection);
                    var label = account ?? "caller";
                    try
                    {
                        var stacks = options.AllStacks ? await StableStacks(connection, options, cancellationToken).ConfigureAwait(false) : options.Stacks;
                        targets.AddRange(stacks.Select(s => new Target(connection, label, region, s)));
                    }
                    catch (AwsCallException ex)
                    {
                        errors.Add(new ScanError($"account:{label}/{region}", 1, 1, $"cannot list the stacks: {ex.Message}"));
                    }
                }
            }

            if (targets.Count == 1 && errors.Count == 0)
            {
                var only = targets[0];
                if (options.TemplateOutPath is { } saveTo)
                {
                    (template, display) = await SaveTemplate(only, saveTo, options, cancellationToken).ConfigureAwait(false);
                }

                return await new StackVerifier(only.Connection.Readers).VerifyAsync(Describe(only, options, template, display), cancellationToken).ConfigureAwait(false);
            }

            return await VerifyMany(targets, options, template, display, errors, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection.Dispose();
            }
        }
    }

    /// <summary>--template-out: the deployed template, written where the user asked and then read as --template is.</summary>
    private static async Task<(CfnTemplate, string)> SaveTemplate(Target target, string path, VerifyOptions options, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = await target.Connection.Readers.CloudFormation.GetTemplateAsync(target.Stack, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsCallException ex)
        {
            throw new VerifyException($"cannot fetch the template of stack '{target.Stack}' in region {target.Region} for --template-out: {ex.Message}", ex);
        }

        try
        {
            await File.WriteAllTextAsync(path, body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new VerifyException($"cannot write --template-out {path}: {ex.Message}", ex);
        }

        var display = DisplayPath(path, options.BaseDirectory);
        try
        {
            return (CfnTemplate.From(TemplateDocument.Parse(display, body)), display);
        }
        catch (TemplateLoadException ex)
        {
            throw new VerifyException($"{display}:{ex.Position.Line}:{ex.Position.Column}: the deployed template cannot be read: {ex.Message}", ex);
        }
    }

    private static async Task<ScanReport> VerifyMany(List<Target> targets, VerifyOptions options, CfnTemplate? template, string? display, List<ScanError> errors, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(Math.Max(1, options.Concurrency));
        var done = 0;
        var reports = await Task.WhenAll(targets.Select(async target =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var described = Describe(target, options, template, display);
                try
                {
                    return await new StackVerifier(target.Connection.Readers).VerifyAsync(described, cancellationToken).ConfigureAwait(false);
                }
                catch (VerifyException ex)
                {
                    // One unreadable stack among many is reported with the others, not a reason to stop.
                    lock (errors)
                    {
                        errors.Add(new ScanError($"stack:{target.Account}/{target.Region}/{target.Stack}", 1, 1, ex.Message));
                    }

                    return null;
                }
            }
            finally
            {
                gate.Release();
                var finished = Interlocked.Increment(ref done);
                options.Progress?.Invoke($"verify: {finished}/{targets.Count} stacks ({target.Account}/{target.Region}/{target.Stack})");
            }
        })).ConfigureAwait(false);

        var verified = reports.OfType<ScanReport>().ToList();
        var results = verified.SelectMany(r => r.Results).ToList();
        var rules = results.Select(r => r.Rule).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        return new ScanReport(results, errors, rules, verified.Count) { Subject = "stack" };
    }

    private static VerifyTarget Describe(Target target, VerifyOptions options, CfnTemplate? template, string? display) =>
        new(target.Stack, target.Region)
        {
            Template = template,
            TemplateDisplayPath = display,
            Parameters = options.Parameters,
        };

    /// <summary>Every root stack in a stable state that matches the prefix and tag filters; nested stacks are verified through their root.</summary>
    private static async Task<IReadOnlyList<string>> StableStacks(AwsConnection connection, VerifyOptions options, CancellationToken cancellationToken)
    {
        var stacks = await connection.Readers.CloudFormation.DescribeStacksAsync(cancellationToken).ConfigureAwait(false);
        return stacks
            .Where(s => s.ParentId is null && StableStates.Contains(s.Status))
            .Where(s => options.StackPrefix is not { } prefix || s.Name.StartsWith(prefix, StringComparison.Ordinal))
            .Where(s => options.StackTags.All(t => s.Tags.TryGetValue(t.Key, out var value) && value == t.Value))
            .Select(s => s.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The accounts to verify and their credentials: the caller's own, or each account of the
    /// organization (or of --accounts) through STS AssumeRole of the named read-only role. An account
    /// whose role cannot be assumed is an error of the report, and the others are still verified.
    /// </summary>
    private static async Task<IReadOnlyList<(string? Account, AWSCredentials Credentials)>> Accounts(VerifyOptions options, string region, AWSCredentials credentials, List<ScanError> errors, CancellationToken cancellationToken)
    {
        if (!options.OrganizationAccounts && options.Accounts.Count == 0)
        {
            return [(null, credentials)];
        }

        var ids = new List<string>(options.Accounts);
        if (options.OrganizationAccounts)
        {
            var (transport, http) = AwsConnection.Transport(options, credentials);
            using (http)
            {
                try
                {
                    var listed = await new OrganizationsHttpClient(transport, AwsConnection.OrganizationsEndpoint(options, region)).ListAccountsAsync(cancellationToken).ConfigureAwait(false);
                    ids.AddRange(listed.Where(a => a.Status == "ACTIVE").Select(a => a.Id));
                }
                catch (AwsCallException ex)
                {
                    throw new VerifyException($"cannot list the organization's accounts: {ex.Message} (run from the management account or a delegated administrator, with organizations:ListAccounts)", ex);
                }
            }
        }

        using var sts = AwsConnection.Sts(options, region, credentials);
        var accounts = new List<(string?, AWSCredentials)>();
        foreach (var id in ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var role = $"arn:aws:iam::{id}:role/{options.RoleName}";
            try
            {
                var assumed = await Sdk.SdkCall.Run("AssumeRole", () => sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role, RoleSessionName = "ironclad-verify", DurationSeconds = 3600 }, cancellationToken)).ConfigureAwait(false);
                var c = assumed.Credentials;
                accounts.Add((id, new SessionAWSCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken)));
            }
            catch (AwsCallException ex)
            {
                errors.Add(new ScanError($"account:{id}", 1, 1, $"cannot assume {role}: {ex.Code}: {ex.Detail}"));
            }
        }

        return accounts;
    }

    private static string DisplayPath(string path, string? baseDirectory)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(baseDirectory ?? Directory.GetCurrentDirectory(), full);
        return (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative).Replace('\\', '/');
    }
}
