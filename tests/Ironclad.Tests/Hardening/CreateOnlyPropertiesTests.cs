using CsCheck;
using Ironclad.Core.Data;

namespace Ironclad.Tests.Hardening;

/// <summary>
/// <see cref="CreateOnlyProperties.Touches"/> walks the path without joining it; it must agree with its definition on
/// the joined path (equal, below or above a listed property), including segments that hold a slash or a prefix of a name.
/// </summary>
public sealed class CreateOnlyPropertiesTests
{
    private static readonly string[] Segments =
        ["BucketName", "Bucket", "BucketNamePrefix", "DnsOptions", "Dns", "PrivateDnsPreference", "DnsOptions/PrivateDnsPreference", "Options/PrivateDnsPreference", "KeySchema", "Key", "X", "", "/"];

    [Fact]
    public void Should_Agree_With_The_Joined_Path()
    {
        var types = CreateOnlyProperties.Types.ToArray();
        Gen.Select(Gen.Int[0, types.Length - 1], Gen.Int[0, Segments.Length - 1].Array[0, 4]).Sample((type, segments) =>
        {
            var path = segments.Select(s => Segments[s]).ToArray();
            var joined = string.Join('/', path);
            var expected = CreateOnlyProperties.For(types[type])!.Any(p =>
                joined == p || joined.StartsWith(p + "/", StringComparison.Ordinal) || p.StartsWith(joined + "/", StringComparison.Ordinal));
            Assert.Equal(expected, CreateOnlyProperties.Touches(types[type], path));
        }, iter: 20_000);
    }
}
