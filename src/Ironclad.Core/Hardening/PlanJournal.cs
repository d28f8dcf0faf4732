namespace Ironclad.Core.Hardening;

/// <summary>
/// The undo log of the fixes under way (each fix is a transaction: docs/design/hardening.md, Visible
/// decisions). The plan's parts record here how to undo a change to their bookkeeping; a fix that
/// declines runs the steps recorded since it began, newest first. Outside a fix nothing is recorded.
/// </summary>
internal sealed class PlanJournal
{
    /// <summary>How to undo the bookkeeping of the fixes under way, oldest first.</summary>
    private readonly List<Action> undo = [];

    /// <summary>How many fixes are under way (nested ones are savepoints of the outer).</summary>
    private int transactions;

    public bool InTransaction => transactions > 0;

    /// <summary>How to undo a change to the plan's bookkeeping if the fix under way fails.</summary>
    public void OnRollBack(Action step)
    {
        if (transactions > 0)
        {
            undo.Add(step);
        }
    }

    /// <summary>Begins a fix (or a savepoint of the one under way); returns the mark to roll back to.</summary>
    public int Begin()
    {
        var mark = undo.Count;
        transactions++;
        return mark;
    }

    /// <summary>Undoes the steps recorded since <paramref name="mark"/>, newest first.</summary>
    public void RollBack(int mark)
    {
        for (var i = undo.Count - 1; i >= mark; i--)
        {
            undo[i]();
        }

        undo.RemoveRange(mark, undo.Count - mark);
    }

    /// <summary>Ends a fix; once the outermost ends, its steps can no longer be undone and are forgotten.</summary>
    public void End()
    {
        if (--transactions == 0)
        {
            undo.Clear();
        }
    }
}
