namespace MountViz.Core.Labs;

/// <summary>
/// Caps that keep experiments from exhausting the machine. Exceeding one is a clear
/// <see cref="LabException"/> with <see cref="LabErrorKind.LimitReached"/>, never a hang.
/// </summary>
public sealed record LabLimits
{
    /// <summary>The defaults: 8 labs, 16 namespaces per lab, 2,000 mounts per lab namespace.</summary>
    public static LabLimits Default { get; } = new();

    /// <summary>How many labs may exist at once.</summary>
    public int MaxLabs { get; init; } = 8;

    /// <summary>How many namespaces one lab may have, its base namespace included.</summary>
    public int MaxNamespacesPerLab { get; init; } = 16;

    /// <summary>
    /// How many mounts one lab namespace may hold (the rbind-explosion guard). Enforced by the
    /// operations that add mounts, not by namespace management.
    /// </summary>
    public int MaxMountsPerNamespace { get; init; } = 2000;

    /// <summary>Throws when a limit is not positive.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLabs, 1, nameof(MaxLabs));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxNamespacesPerLab, 1, nameof(MaxNamespacesPerLab));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMountsPerNamespace, 1, nameof(MaxMountsPerNamespace));
    }
}
