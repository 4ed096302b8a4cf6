using System.Collections.Immutable;

namespace MountViz.Web.Components.Dashboard;

/// <summary>One field of an operation form.</summary>
/// <param name="Name">The input's <c>name</c> attribute and the key of its value (tests find fields by it).</param>
/// <param name="Label">The visible label.</param>
/// <param name="Kind">How it is shown.</param>
/// <param name="Placeholder">The text box's example, or the word a <see cref="OperationFieldKind.Choice"/> starts at.</param>
/// <param name="Required">The operation cannot be built while it is empty.</param>
public sealed record OperationFormField(string Name, string Label, OperationFieldKind Kind, string Placeholder = "", bool Required = false)
{
    /// <summary>The words of a <see cref="OperationFieldKind.Choice"/>.</summary>
    public ImmutableArray<string> Choices { get; init; } = [];

    /// <summary>A short explanation shown as the field's title.</summary>
    public string? Hint { get; init; }
}
