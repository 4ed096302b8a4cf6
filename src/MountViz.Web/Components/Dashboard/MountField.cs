namespace MountViz.Web.Components.Dashboard;

/// <summary>One of the 11 fields of a mountinfo line, with its value for one mount and what it means.</summary>
/// <param name="Number">The field's position in the line (1 to 11).</param>
/// <param name="Name">Its name in proc(5).</param>
/// <param name="Value">The mount's value, for display (bytes that are not UTF-8 as octal escapes).</param>
/// <param name="Meaning">One line saying what the field is.</param>
public sealed record MountField(int Number, string Name, string Value, string Meaning);
