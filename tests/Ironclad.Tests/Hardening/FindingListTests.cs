using CsCheck;
using Ironclad.Core.Hardening;

namespace Ironclad.Tests.Hardening;

/// <summary>
/// A findings list that adopted another list (a committed resource's, shared by its keys) reads it without a copy, and
/// behaves as a list holding a copy once it changes: the adopted list itself is never changed.
/// </summary>
public class FindingListTests
{
    private static readonly Gen<FindingRef> Finding = Gen.Int[0, 30].Select(i => new FindingRef("R" + (i % 5), "D", "Res" + i));

    [Fact]
    public void An_Adopted_List_Changes_As_A_Copy_Would_And_Leaves_The_Original_As_It_Was() =>
        Gen.Select(Finding.List[0, 25], Finding.List[0, 25], Gen.Int[0, 50])
        .Sample((first, more, cut) =>
        {
            var adoptedFrom = first.Distinct().ToList();
            var snapshot = adoptedFrom.ToList();
            var adopting = new FindingList(0);
            var copying = new FindingList(0);
            adopting.Adopt(adoptedFrom);
            copying.Add(adoptedFrom);

            Assert.Same(adoptedFrom, adopting.Items);

            Assert.Equal(copying.Add(more), adopting.Add(more));
            Assert.Equal(copying.Items, adopting.Items);
            var from = Math.Min(cut, copying.Items.Count);
            copying.RemoveFrom(from);
            adopting.RemoveFrom(from);
            Assert.Equal(copying.Items, adopting.Items);
            Assert.Equal(copying.Add(more), adopting.Add(more));
            Assert.Equal(copying.Items, adopting.Items);
            Assert.Equal(snapshot, adoptedFrom);
        });

    [Fact]
    public void Only_An_Empty_List_Adopts() =>
        Assert.Throws<InvalidOperationException>(() =>
        {
            var list = new FindingList(0);
            list.Add([new FindingRef("R", "D", "X")]);
            list.Adopt([new FindingRef("R", "D", "Y")]);
        });
}
