using System.Xml;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;

namespace Ironclad.Core.Reporting;

/// <summary>One test suite per rule, one test case per evaluated resource, as CI dashboards expect.</summary>
public static class JUnitReportWriter
{
    public static void Write(ScanReport report, TextWriter output)
    {
        var settings = new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false };
        using var xml = XmlWriter.Create(output, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "ironclad");
        xml.WriteAttributeString("tests", report.Results.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", report.Results.Count(r => r.Status == ResultStatus.Fail && !r.Baselined).ToString(System.Globalization.CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", report.Errors.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var group in report.Results.GroupBy(r => r.Rule.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rule = group.First().Rule;
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", ReportText.Escape($"{rule.Id} {rule.Title}"));
            xml.WriteAttributeString("tests", group.Count().ToString(System.Globalization.CultureInfo.InvariantCulture));
            xml.WriteAttributeString("failures", group.Count(r => r.Status == ResultStatus.Fail && !r.Baselined).ToString(System.Globalization.CultureInfo.InvariantCulture));
            xml.WriteAttributeString("skipped", group.Count(r => r.Status is ResultStatus.Suppressed or ResultStatus.Unknown || r.Baselined).ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var result in group)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("name", ReportText.Escape($"[{rule.Severity.ToString().ToUpperInvariant()}][{rule.DisplayId}] {result.Resource}"));
                xml.WriteAttributeString("classname", ReportText.Escape($"{result.File}.{result.Resource}"));
                xml.WriteAttributeString("file", ReportText.Escape(result.File));
                xml.WriteAttributeString("line", result.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
                // A baselined finding is accepted debt: skipped, so that the dashboard fails only on new ones.
                switch (result.Status)
                {
                    case ResultStatus.Fail when !result.Baselined:
                        xml.WriteStartElement("failure");
                        xml.WriteAttributeString("message", ReportText.Escape(result.Message));
                        xml.WriteAttributeString("type", rule.Id);
                        xml.WriteString(ReportText.Escape($"{result.File}:{result.Line}:{result.Column} {result.Resource}: {result.Message}") + $"\nFix: {rule.Remediation}");
                        xml.WriteEndElement();
                        break;
                    case ResultStatus.Fail:
                    case ResultStatus.Suppressed:
                    case ResultStatus.Unknown:
                        xml.WriteStartElement("skipped");
                        xml.WriteAttributeString("message", ReportText.Escape(result.Baselined ? $"baselined: {result.Message}" : result.Status == ResultStatus.Suppressed ? $"suppressed: {result.Reason}" : $"unknown: {result.Message}"));
                        xml.WriteEndElement();
                        break;
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        if (report.Errors.Count > 0)
        {
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", report.Errors.Any(e => e.IsInternal) ? "errors" : "template errors");
            xml.WriteAttributeString("tests", report.Errors.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            xml.WriteAttributeString("errors", report.Errors.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var error in report.Errors)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("name", ReportText.Escape(error.File));
                xml.WriteAttributeString("classname", ReportText.Escape(error.File));
                xml.WriteStartElement("error");
                xml.WriteAttributeString("message", ReportText.Escape($"{error.File}:{error.Line}:{error.Column}: {error.Message}"));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }
}
