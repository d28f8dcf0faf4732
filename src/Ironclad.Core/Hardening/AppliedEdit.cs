using Ironclad.Core.Editing;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Hardening;

/// <summary>
/// One edit the plan's editor applied to its patch, kept to be replayed when a failed fix's edits are undone
/// (<see cref="PlanEditor.RollBackTo"/>). A value, not a closure: a large plan makes tens of thousands of edits, and a
/// lambda per edit cost a delegate and its captures each.
/// </summary>
internal readonly record struct AppliedEdit(AppliedEdit.EditKind Kind, TemplateNode Target, IReadOnlyList<string>? Path, NewNode Value, Placement Placement)
{
    public enum EditKind
    {
        /// <summary><see cref="TemplatePatch.Set(MappingNode, IReadOnlyList{string}, NewNode, Placement)"/>.</summary>
        Set,

        /// <summary><see cref="TemplatePatch.Append(MappingNode, IReadOnlyList{string}, NewNode, Placement)"/>.</summary>
        Append,

        /// <summary><see cref="TemplatePatch.Append(SequenceNode, NewNode)"/>.</summary>
        AppendItem,

        /// <summary><see cref="TemplatePatch.Replace"/>.</summary>
        Replace,
    }

    public static AppliedEdit Set(MappingNode target, IReadOnlyList<string> path, NewNode value, Placement placement) => new(EditKind.Set, target, path, value, placement);

    public static AppliedEdit Append(MappingNode target, IReadOnlyList<string> path, NewNode item, Placement placement) => new(EditKind.Append, target, path, item, placement);

    public static AppliedEdit AppendItem(SequenceNode target, NewNode item) => new(EditKind.AppendItem, target, null, item, Placement.End);

    public static AppliedEdit Replace(TemplateNode target, NewNode value) => new(EditKind.Replace, target, null, value, Placement.End);

    public void ApplyTo(TemplatePatch patch)
    {
        switch (Kind)
        {
            case EditKind.Set:
                patch.Set((MappingNode)Target, Path!, Value, Placement);
                break;
            case EditKind.Append:
                patch.Append((MappingNode)Target, Path!, Value, Placement);
                break;
            case EditKind.AppendItem:
                patch.Append((SequenceNode)Target, Value);
                break;
            case EditKind.Replace:
                patch.Replace(Target, Value);
                break;
        }
    }
}
