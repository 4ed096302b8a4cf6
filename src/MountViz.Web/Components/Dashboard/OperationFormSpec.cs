using System.Collections.Immutable;
using MountViz.Core.Operations;

namespace MountViz.Web.Components.Dashboard;

/// <summary>
/// One operation button and its form: the fields, how the selection prefills them, and how
/// their values become an <see cref="Operation"/> whose <see cref="Operation.ShellCommand"/> is
/// the command-language line that runs (so a form and a typed line take the same path).
/// </summary>
/// <param name="Id">The button's <c>data-op</c> hook: <c>bind</c>, <c>mount-tmpfs</c>, ...</param>
/// <param name="Label">The button's text.</param>
/// <param name="Group">The toolbar group it sits in.</param>
/// <param name="Description">What it does, in a sentence (the button's title and the form's lead).</param>
/// <param name="Syntax">The command's form with placeholders, shown while required fields are empty.</param>
/// <param name="Fields">The form's fields, in order.</param>
public sealed record OperationFormSpec(string Id, string Label, string Group, string Description, string Syntax, ImmutableArray<OperationFormField> Fields)
{
    /// <summary>Builds the operation from the form's values; throws <see cref="ArgumentException"/> for values it refuses.</summary>
    public required Func<IReadOnlyDictionary<string, string>, Operation> Build { get; init; }

    /// <summary>Initial values from the selected path (null when nothing usable is selected) and the namespace the form runs in.</summary>
    public Func<string?, string, IReadOnlyDictionary<string, string>> Prefill { get; init; } = static (_, _) => ImmutableDictionary<string, string>.Empty;
}
