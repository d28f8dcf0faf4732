using Amazon.Runtime;
using Ironclad.Core.Verification;

namespace Ironclad.Aws.Sdk;

/// <summary>Runs one SDK call and translates its failures into <see cref="AwsCallException"/>.</summary>
internal static class SdkCall
{
    private static readonly HashSet<string> DeniedCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError", "AllAccessDisabled",
    };

    /// <summary>Calls the SDK; an error whose code is in <paramref name="absentCodes"/> means "not configured" and yields <paramref name="absent"/>.</summary>
    public static async Task<T> Run<T>(string operation, Func<Task<T>> call, T absent, params string[] absentCodes)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (Http.BoundedStream.Cause<Http.ResponseTooLargeException>(ex) is { } tooLarge)
        {
            throw new AwsCallException(operation, AwsErrorKind.Failed, "ResponseTooLarge", tooLarge.Message, ex);
        }
        catch (Exception ex) when (ex is not AwsCallException && Http.BoundedStream.Cause<TimeoutException>(ex) is not null)
        {
            // HttpClient's own timeout, or a body that did not arrive in time (the caller's cancellation has no TimeoutException inside).
            throw new AwsCallException(operation, AwsErrorKind.Unavailable, "Timeout", "no answer within the call timeout", ex);
        }
        catch (AmazonServiceException ex) when (ex.ErrorCode is { } code && absentCodes.Contains(code, StringComparer.Ordinal))
        {
            return absent;
        }
        catch (AmazonServiceException ex)
        {
            throw Translate(operation, ex);
        }
        catch (AmazonClientException ex)
        {
            throw new AwsCallException(operation, AwsErrorKind.Unavailable, "ClientError", ex.Message, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new AwsCallException(operation, AwsErrorKind.Unavailable, "NetworkError", ex.Message, ex);
        }
        catch (Exception ex) when (ex is System.Xml.XmlException or System.Text.Json.JsonException or FormatException or InvalidDataException)
        {
            throw new AwsCallException(operation, AwsErrorKind.Failed, "InvalidResponse", "the answer is not a valid AWS response: " + ex.Message, ex);
        }
        catch (IOException ex)
        {
            // A connection that broke mid-body, or a body larger than the response limit.
            throw new AwsCallException(operation, AwsErrorKind.Unavailable, "NetworkError", ex.Message, ex);
        }
    }

    public static Task<T> Run<T>(string operation, Func<Task<T>> call) => Run(operation, call, default(T)!);

    private static AwsCallException Translate(string operation, AmazonServiceException ex)
    {
        var code = ex.ErrorCode ?? "HTTP" + (int)ex.StatusCode;
        var status = (int)ex.StatusCode;
        AwsErrorKind kind;
        if (DeniedCodes.Contains(code) || (status == 403 && !code.Contains("Token", StringComparison.OrdinalIgnoreCase) && !code.Contains("Signature", StringComparison.OrdinalIgnoreCase)))
        {
            kind = AwsErrorKind.AccessDenied;
        }
        else if (IsNotFound(code))
        {
            kind = AwsErrorKind.NotFound;
        }
        else if (status == 429 || status >= 500)
        {
            // The SDK has already retried these (MaxErrorRetry, standard mode) before throwing.
            kind = AwsErrorKind.Unavailable;
        }
        else
        {
            kind = AwsErrorKind.Failed;
        }

        return new AwsCallException(operation, kind, code, ex.Message, ex);
    }

    /// <summary>The not-found codes of every service verify reads (SQS alone says NonExistentQueue or QueueDoesNotExist).</summary>
    internal static bool IsNotFound(string code) =>
        code.Contains("NotFound", StringComparison.OrdinalIgnoreCase) || code.StartsWith("NoSuch", StringComparison.OrdinalIgnoreCase)
        || code.Contains("NonExistent", StringComparison.OrdinalIgnoreCase) || code.Contains("DoesNotExist", StringComparison.OrdinalIgnoreCase);
}
