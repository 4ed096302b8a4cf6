using System.Collections.Immutable;

namespace MountViz.Core.Scenarios;

/// <summary>The directory at <see cref="Path"/> holds exactly these names (in any order; dot files included).</summary>
/// <param name="Path">The lab path of the directory.</param>
/// <param name="Entries">The names expected; empty for an empty directory.</param>
public sealed record ListingExpectation(string Path, ImmutableArray<string> Entries) : Expectation
{
    /// <inheritdoc/>
    public override string Describe(string stepNamespace) =>
        $"{Path} {In(stepNamespace)} lists {ListingText.Of(Entries)}";
}
