using System.Collections.Immutable;
using System.Text;

namespace MountViz.Core.Simulation;

/// <summary>
/// One change (predicted or observed) normalised for comparison: a text skeleton in which each
/// number the kernel picks (the ID of a mount the op creates, the ID of a group it creates) is
/// a placeholder, and the placeholders' side-local names in order. Two changes match when their
/// skeletons are equal and their placeholders can be renamed consistently across the whole op.
/// </summary>
/// <param name="Skeleton">The change with <c>?M</c> for a new mount ID and <c>?G</c> for a new group.</param>
/// <param name="Variables">The placeholders in order: <c>M:p105</c> (predicted provisional ID 105), <c>G:o7</c> (observed new group 7)...</param>
/// <param name="Namespace">The namespace of the change.</param>
/// <param name="Description">The change in the user's terms, for findings.</param>
internal sealed record ComparisonEntry(string Skeleton, ImmutableArray<string> Variables, string Namespace, string Description)
{
    /// <summary>The skeleton with its placeholders named.</summary>
    public string Render()
    {
        var text = new StringBuilder();
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
