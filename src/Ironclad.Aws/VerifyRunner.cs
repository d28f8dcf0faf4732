using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;
using Ironclad.Core.Verification;

namespace Ironclad.Aws;

/// <summary>The entry point of <c>ironclad verify</c>: connects, verifies the stack, returns a scan report.</summary>
public static class VerifyRunner
{
    /// <exception cref="VerifyException">The run cannot start or the stack cannot be listed (exit code 2).</exception>
    public static async Task<ScanReport> RunAsync(VerifyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        CfnTemplate? template = null;
        string? display = null;
        if (options.TemplatePath is { } path)
        {
            try
            {
                template = CfnTemplate.From(TemplateDocument.Load(path));
            }
            catch (TemplateLoadException ex)
            {
                throw new VerifyException($"{path}:{ex.Position.Line}:{ex.Position.Column}: {ex.Message}", ex);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new VerifyException($"cannot read template {path}: {ex.Message}", ex);
            }

            display = DisplayPath(path, options.BaseDirectory);
        }

        using var connection = AwsConnection.Open(options);
        var target = new VerifyTarget(options.StackName, connection.Region)
        {
            Template = template,
            TemplateDisplayPath = display,
            Parameters = options.Parameters,
        };
        return await new StackVerifier(connection.Readers).VerifyAsync(target, cancellationToken).ConfigureAwait(false);
    }

    private static string DisplayPath(string path, string? baseDirectory)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(baseDirectory ?? Directory.GetCurrentDirectory(), full);
        return (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative).Replace('\\', '/');
    }
}
