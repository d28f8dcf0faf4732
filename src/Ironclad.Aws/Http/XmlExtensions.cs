using System.Xml.Linq;

namespace Ironclad.Aws.Http;

/// <summary>Namespace-agnostic reading of query-protocol XML (each service has its own namespace).</summary>
internal static class XmlExtensions
{
    public static XElement? Child(this XElement? element, string name) =>
        element?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    public static string? ChildText(this XElement? element, string name) => element.Child(name)?.Value;

    /// <summary>The <c>member</c> items of a list element.</summary>
    public static IEnumerable<XElement> Members(this XElement? list) =>
        list?.Elements().Where(e => e.Name.LocalName == "member") ?? [];

    /// <summary>The first descendant with this local name: the <c>...Result</c> element of a response.</summary>
    public static XElement? Find(this XElement root, string name) =>
        root.DescendantsAndSelf().FirstOrDefault(e => e.Name.LocalName == name);
}
