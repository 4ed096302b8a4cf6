using System.Collections.Immutable;

namespace MountViz.Linux.Tests.Differential;

/// <summary>
/// One change (predicted or observed) normalised for comparison: a text skeleton in which each
/// number the kernel picks (the ID of a mount the op creates, the ID of a group it creates) is
/// a placeholder, and the placeholders' side-local names in order. Two changes match when their
/// skeletons are equal and their placeholders can be renamed consistently across the whole op.
/// </summary>
/// <param name="Skeleton">The change with <c>?M</c> for a new mount ID and <c>?G</c> for a new group.</param>
/// <param name="Variables">The placeholders in order: <c>M:p105</c> (predicted provisional ID 105), <c>G:o7</c> (observed new group 7)...</param>
internal sealed record ChangeEntry(string Skeleton, ImmutableArray<string> Variables)
{
    /// <summary>The skeleton with its placeholders named, for the failure message.</summary>
    public string Render()
    {
        var text = new System.Text.StringBuilder();
        int next = 0;
        for (int i = 0; i < Skeleton.Length; i++)
        {
            if (Skeleton[i] == '?' && i + 1 < Skeleton.Length && Skeleton[i + 1] is 'M' or 'G')
            {
                string variable = Variables[next++];
                text.Append(variable[0] == 'M' ? "new#" : "new-group:").Append(variable.AsSpan(2));
                i++;
                continue;
            }

            text.Append(Skeleton[i]);
        }

        return text.ToString();
    }
}
