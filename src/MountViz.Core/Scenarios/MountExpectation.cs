using System.Text;
using MountViz.Core.Mountinfo;

namespace MountViz.Core.Scenarios;

/// <summary>
/// A mount is visible at <see cref="Path"/> (the topmost one there), optionally with a
/// propagation type, in the same peer group as another mount, or a slave of another mount's group.
/// </summary>
/// <param name="Path">The lab path of the mount point.</param>
/// <param name="Propagation">The propagation type it must have, or null for any.</param>
/// <param name="PeerOf">A mount whose peer group (<c>shared:N</c>) it must be in, or null.</param>
/// <param name="SlaveOf">A mount whose peer group must be its master (<c>master:N</c>), or null.</param>
public sealed record MountExpectation(string Path, Propagation? Propagation, MountReference? PeerOf, MountReference? SlaveOf) : Expectation
{
    /// <inheritdoc/>
    public override string Describe(string stepNamespace)
    {
        var text = new StringBuilder($"a mount at {Path} {In(stepNamespace)}");
        if (Propagation is Propagation propagation)
        {
            text.Append(", ").Append(propagation.ToWords());
        }

        if (PeerOf is not null)
        {
            text.Append(", in the peer group of ").Append(PeerOf.Describe());
        }

        if (SlaveOf is not null)
        {
            text.Append(", a slave of the peer group of ").Append(SlaveOf.Describe());
        }

        return text.ToString();
    }
}
