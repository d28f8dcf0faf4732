using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ironclad.Aws.Http;

/// <summary>The credentials a request is signed with; never logged or printed.</summary>
internal sealed record SigningCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken)
{
    public override string ToString() => "SigningCredentials(redacted)";
}

/// <summary>
/// AWS Signature Version 4 for the services whose SDK packages this machine cannot restore.
/// AWSSDK.Core's AWS4Signer needs the SDK's internal request pipeline (IRequest, IClientConfig),
/// so it cannot sign a plain HttpRequestMessage; this is the published algorithm, checked against
/// AWS's signature test suite. Canonical URIs are encoded once more, as every service but S3 expects.
/// </summary>
internal static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>Signs a request: returns the headers to add (X-Amz-Date, Authorization, and the session token if any).</summary>
    /// <param name="headers">Headers to sign, Host included (name → value).</param>
    public static IReadOnlyList<KeyValuePair<string, string>> Sign(
        string method,
        Uri uri,
        IEnumerable<KeyValuePair<string, string>> headers,
        ReadOnlySpan<byte> payload,
        SigningCredentials credentials,
        string region,
        string service,
        DateTime signedAt)
    {
        var amzDate = signedAt.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var signed = headers.ToList();
        if (!signed.Any(h => string.Equals(h.Key, "X-Amz-Date", StringComparison.OrdinalIgnoreCase)))
        {
            signed.Add(new("X-Amz-Date", amzDate));
        }

        if (credentials.SessionToken is { Length: > 0 } token && !signed.Any(h => string.Equals(h.Key, "X-Amz-Security-Token", StringComparison.OrdinalIgnoreCase)))
        {
            signed.Add(new("X-Amz-Security-Token", token));
        }

        var (canonical, signedHeaders) = CanonicalRequest(method, uri, signed, Hex(SHA256.HashData(payload)));
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = StringToSign(amzDate, scope, canonical);
        var signature = Signature(credentials.SecretAccessKey, date, region, service, stringToSign);
        var added = new List<KeyValuePair<string, string>>();
        added.AddRange(signed.Where(h => h.Key.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase) && !headers.Any(o => string.Equals(o.Key, h.Key, StringComparison.OrdinalIgnoreCase))));
        added.Add(new("Authorization", $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}"));
        return added;
    }

    public static (string Canonical, string SignedHeaders) CanonicalRequest(string method, Uri uri, IEnumerable<KeyValuePair<string, string>> headers, string payloadHash)
    {
        var canonicalHeaders = headers
            .GroupBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Value: string.Join(',', g.Select(h => Trim(h.Value)))))
            .ToList();
        var signedHeaders = string.Join(';', canonicalHeaders.Select(h => h.Name));
        var builder = new StringBuilder()
            .Append(method.ToUpperInvariant()).Append('\n')
            .Append(CanonicalUri(uri)).Append('\n')
            .Append(CanonicalQuery(uri.Query)).Append('\n');
        foreach (var (name, value) in canonicalHeaders)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);
        return (builder.ToString(), signedHeaders);
    }

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    public static string Signature(string secretKey, string date, string region, string service, string stringToSign)
    {
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    /// <summary>RFC 3986 percent-encoding with upper-case hex; only A-Z a-z 0-9 - _ . ~ stay as they are.</summary>
    public static string Encode(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string CanonicalUri(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (path.Length == 0)
        {
            return "/";
        }

        return string.Join('/', path.Split('/').Select(Encode));
    }

    private static string CanonicalQuery(string query)
    {
        if (query.Length <= 1)
        {
            return string.Empty;
        }

        return string.Join('&', query[1..]
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
                var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
                return (Name: Encode(name), Value: Encode(value));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));
    }

    /// <summary>Header values: outer whitespace removed, inner runs of spaces collapsed to one.</summary>
    private static string Trim(string value)
    {
        var builder = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.Trim())
        {
            if (c == ' ')
            {
                if (!space)
                {
                    builder.Append(c);
                }

                space = true;
            }
            else
            {
                builder.Append(c);
                space = false;
            }
        }

        return builder.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
