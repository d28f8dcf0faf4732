using System.Text;
using Ironclad.Aws.Http;

namespace Ironclad.Aws.Tests;

/// <summary>
/// The signer against AWS's published Signature Version 4 test suite (credentials AKIDEXAMPLE,
/// 2015-08-30T12:36:00Z, us-east-1, service "service") and the General Reference's IAM ListUsers example.
/// </summary>
public sealed class SigV4Tests
{
    private const string Scope = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";
    private const string SessionToken = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
    private static readonly DateTime SignedAt = new(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);
    private static readonly SigningCredentials Example = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);

    public static TheoryData<string, string, string, string[], string, string, string> Suite => new()
    {
        { "get-vanilla", "GET", "https://example.amazonaws.com/", [], "", "host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
        { "get-vanilla-query-order-key-case", "GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1", [], "", "host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500" },
        { "get-vanilla-query-unreserved", "GET", "https://example.amazonaws.com/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", [], "", "host;x-amz-date", "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197" },
        { "get-vanilla-utf8-query", "GET", "https://example.amazonaws.com/?%E1%88%B4=bar", [], "", "host;x-amz-date", "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04" },
        { "get-unreserved", "GET", "https://example.amazonaws.com/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", [], "", "host;x-amz-date", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f" },
        { "get-header-value-trim", "GET", "https://example.amazonaws.com/", ["My-Header1: value1", "My-Header2: \"a   b   c\""], "", "host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736" },
        { "post-vanilla", "POST", "https://example.amazonaws.com/", [], "", "host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b" },
        { "post-header-key-sort", "POST", "https://example.amazonaws.com/", ["My-Header1:value1"], "", "host;my-header1;x-amz-date", "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c" },
        { "post-header-value-case", "POST", "https://example.amazonaws.com/", ["My-Header1:VALUE1"], "", "host;my-header1;x-amz-date", "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d" },
        { "post-x-www-form-urlencoded", "POST", "https://example.amazonaws.com/", ["Content-Type:application/x-www-form-urlencoded"], "Param1=value1", "content-type;host;x-amz-date", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a" },
        { "post-x-www-form-urlencoded-parameters", "POST", "https://example.amazonaws.com/", ["Content-Type:application/x-www-form-urlencoded; charset=utf8"], "Param1=value1", "content-type;host;x-amz-date", "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe" },
    };

    [Theory]
    [MemberData(nameof(Suite))]
    public void Signs_the_test_suite_requests(string name, string method, string url, string[] extraHeaders, string body, string signedHeaders, string signature)
    {
        var uri = new Uri(url);
        var headers = new List<KeyValuePair<string, string>> { new("Host", uri.Host) };
        headers.AddRange(extraHeaders.Select(h => new KeyValuePair<string, string>(h[..h.IndexOf(':', StringComparison.Ordinal)], h[(h.IndexOf(':', StringComparison.Ordinal) + 1)..])));

        var added = SigV4.Sign(method, uri, headers, Encoding.UTF8.GetBytes(body), Example, "us-east-1", "service", SignedAt);

        Assert.Equal($"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders={signedHeaders}, Signature={signature}", Single(added, "Authorization"));
        Assert.Equal("20150830T123600Z", Single(added, "X-Amz-Date"));
        _ = name; // Only names the suite's vector in the test output.
    }

    [Fact]
    public void Get_vanilla_canonical_request_and_string_to_sign_match_the_suite()
    {
        var uri = new Uri("https://example.amazonaws.com/");
        var (canonical, signed) = SigV4.CanonicalRequest("GET", uri, [new("Host", "example.amazonaws.com"), new("X-Amz-Date", "20150830T123600Z")], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

        Assert.Equal("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", canonical);
        Assert.Equal("host;x-amz-date", signed);
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            SigV4.StringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonical));
    }

    [Fact]
    public void A_session_token_is_signed_as_in_post_sts_header_before()
    {
        var uri = new Uri("https://example.amazonaws.com/");
        var added = SigV4.Sign("POST", uri, [new("Host", "example.amazonaws.com")], [], Example with { SessionToken = SessionToken }, "us-east-1", "service", SignedAt);

        Assert.Equal(SessionToken, Single(added, "X-Amz-Security-Token"));
        Assert.Equal(
            $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead",
            Single(added, "Authorization"));
    }

    [Fact]
    public void Signs_the_general_reference_iam_list_users_example()
    {
        var uri = new Uri("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08");
        var headers = new List<KeyValuePair<string, string>> { new("Host", "iam.amazonaws.com"), new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8") };

        var added = SigV4.Sign("GET", uri, headers, [], Example, "us-east-1", "iam", SignedAt);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
            Single(added, "Authorization"));
    }

    [Fact]
    public void The_signature_agrees_with_the_sdk_signer_for_the_same_canonical_request()
    {
        var canonical = SigV4.CanonicalRequest("GET", new Uri("https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/f%3A1/configuration"), [new("Host", "lambda.us-east-1.amazonaws.com"), new("X-Amz-Date", "20150830T123600Z")], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        var mine = SigV4.Signature(Example.SecretAccessKey, "20150830", "us-east-1", "lambda", SigV4.StringToSign("20150830T123600Z", "20150830/us-east-1/lambda/aws4_request", canonical.Canonical));

        var sdk = Amazon.Runtime.Internal.Auth.AWS4Signer.ComputeSignature(Example.AccessKeyId, Example.SecretAccessKey, "us-east-1", SignedAt, "lambda", canonical.SignedHeaders, canonical.Canonical);

        Assert.Equal(sdk.Signature, mine);
        Assert.Contains("/2015-03-31/functions/f%253A1/configuration\n", canonical.Canonical, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_never_show_in_their_text_form()
    {
        Assert.DoesNotContain("wJalr", Example.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("AKIDEXAMPLE", Example.ToString(), StringComparison.Ordinal);
    }

    private static string Single(IReadOnlyList<KeyValuePair<string, string>> headers, string name) =>
        Assert.Single(headers, h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
