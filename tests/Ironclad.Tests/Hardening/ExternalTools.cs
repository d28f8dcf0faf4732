using System.Diagnostics;
using System.Text.Json;

namespace Ironclad.Tests.Hardening;

/// <summary>
/// cfn-lint and the SAM translator, each run once over a batch of files (cfn-lint spends about a
/// second starting). A missing tool fails the checks that need it. A tool that runs but crashes, or answers with nothing, throws: its silence
/// must never read as "no errors".
/// </summary>
internal static class ExternalTools
{
    /// <summary>Translates each SAM file offline after pointing local artifact paths at S3, as sam package does.</summary>
    private const string SamScript = """
        import datetime, json, os, sys
        os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
        from samtranslator.translator.transform import transform
        from samtranslator.yaml_helper import yaml_parse
        from samtranslator.model.exceptions import InvalidDocumentException

        class ManagedPolicies(dict):
            # Offline: every managed policy name maps to its AWS ARN, as IAM would answer.
            def __contains__(self, key): return True
            def __getitem__(self, key): return "arn:aws:iam::aws:policy/" + key
            def get(self, key, default=None): return self[key]

        class Loader:
            def load(self): return ManagedPolicies()

        def package(node):
            if not isinstance(node, dict): return
            for key in ("CodeUri", "ContentUri", "DefinitionUri"):
                value = node.get(key)
                if isinstance(value, str) and not value.startswith("s3://"):
                    node[key] = "s3://artifacts/" + value.strip("./").replace("/", "-") + ".zip"

        def package_function(properties, function_globals):
            # sam build and sam package give a function without code the template's folder (CodeUri "."), and an image
            # function the repository of the image they built (ImageUri).
            merged = {**function_globals, **properties}
            if merged.get("PackageType") == "Image":
                if "ImageUri" not in merged: properties["ImageUri"] = "123456789012.dkr.ecr.us-east-1.amazonaws.com/artifacts:latest"
            elif "CodeUri" not in merged and "InlineCode" not in merged:
                properties["CodeUri"] = "s3://artifacts/template-folder.zip"

        def strings(node):
            # CloudFormation reads an unquoted 2012-10-17 as the string, where YAML reads a date.
            if isinstance(node, dict): return {key: strings(value) for key, value in node.items()}
            if isinstance(node, list): return [strings(value) for value in node]
            if isinstance(node, (datetime.date, datetime.datetime)): return node.isoformat()
            return node

        results = {}
        for path in sys.argv[1:]:
            try:
                sam = strings(yaml_parse(open(path, encoding="utf-8").read()))
                for section in (sam.get("Globals") or {}).values(): package(section)
                function_globals = (sam.get("Globals") or {}).get("Function") or {}
                for resource in (sam.get("Resources") or {}).values():
                    if not isinstance(resource, dict): continue
                    package(resource.get("Properties"))
                    if resource.get("Type") == "AWS::Serverless::Function" and isinstance(resource.setdefault("Properties", {}), dict):
                        package_function(resource["Properties"], function_globals)
                transform(sam, {"AWS::Region": "us-east-1", "AWS::AccountId": "123456789012", "AWS::Partition": "aws"}, Loader())
                results[path] = []
            except InvalidDocumentException as error:
                results[path] = [cause.message for cause in error.causes]
            except Exception as error:
                results[path] = [type(error).__name__ + ": " + str(error)]
        print(json.dumps(results))
        """;

    /// <summary>The cfn-lint errors of each file, as (rule, path in the template) pairs; null when cfn-lint is not installed.</summary>
    public static Dictionary<string, HashSet<string>>? LintErrors(IReadOnlyList<string> files)
    {
        if (files.Count == 0)
        {
            return [];
        }

        var run = Run("cfn-lint", ["--format", "json", "--", .. files]);
        if (run is not var (exit, output, stderr))
        {
            return null;
        }

        // cfn-lint's exit code is a bit mask of the levels found (2 error, 4 warning, 8 informational); 1 is its own failure.
        if ((exit & 1) != 0 || !output.TrimStart().StartsWith('['))
        {
            throw new InvalidOperationException($"cfn-lint failed (exit {exit}) without a JSON report: {Tail(stderr)}{Tail(output)}");
        }

        var errors = files.ToDictionary(f => f, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        using var json = JsonDocument.Parse(output);
        foreach (var match in json.RootElement.EnumerateArray())
        {
            if (match.GetProperty("Level").GetString() != "Error")
            {
                continue;
            }

            var file = match.GetProperty("Filename").GetString()!;
            var rule = match.GetProperty("Rule").GetProperty("Id").GetString();
            var path = match.GetProperty("Location").TryGetProperty("Path", out var p) && p.ValueKind == JsonValueKind.Array
                ? string.Join('/', p.EnumerateArray().Select(e => e.ToString()))
                : "";
            if (errors.TryGetValue(file, out var set))
            {
                set.Add($"{rule} at {path}: {match.GetProperty("Message").GetString()}");
            }
        }

        return errors;
    }

    /// <summary>The SAM translator's errors for each file; null when Python or samtranslator is missing.</summary>
    public static Dictionary<string, List<string>>? SamErrors(IReadOnlyList<string> files)
    {
        if (files.Count == 0)
        {
            return [];
        }

        var run = Run("python3", ["-c", SamScript, .. files]);
        if (run is not var (exit, output, stderr))
        {
            return null;
        }

        if (stderr.Contains("No module named 'samtranslator'", StringComparison.Ordinal))
        {
            return null;
        }

        if (exit != 0 || !output.TrimStart().StartsWith('{'))
        {
            throw new InvalidOperationException($"the SAM translator failed (exit {exit}) without a report: {Tail(stderr)}{Tail(output)}");
        }

        using var json = JsonDocument.Parse(output);
        var results = json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(e => e.GetString()!).ToList(), StringComparer.Ordinal);
        var missing = files.Where(f => !results.ContainsKey(f)).ToList();
        return missing.Count == 0 ? results : throw new InvalidOperationException($"the SAM translator reported nothing for {string.Join(", ", missing)}");
    }

    private static string Tail(string text) => text.Length > 2000 ? text[^2000..] : text;

    /// <summary>Exit code, standard output and standard error; null when the program is not installed.</summary>
    private static (int Exit, string Output, string Error)? Run(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
