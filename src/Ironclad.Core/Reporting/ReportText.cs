using System.Globalization;
using System.Text;

namespace Ironclad.Core.Reporting;

/// <summary>
/// Makes template strings safe to print in the human formats (text, JUnit, GitHub, error lines): a logical
/// ID or value from a template may hold escape sequences that drive a terminal, or newlines that forge
/// report lines or GitHub workflow commands (<c>::error ...</c>). Control characters become <c>\u001B</c>,
/// as the JSON and SARIF writers write them.
/// </summary>
public static class ReportText
{
    public static string Escape(string text)
    {
        StringBuilder? escaped = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                escaped?.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029')
            {
                // Controls, DEL, the Unicode line separators, and lone surrogates (which XML and UTF-8 refuse).
                escaped ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
                escaped.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped?.Append(c);
            }
        }

        return escaped?.ToString() ?? text;
    }
}
