namespace MountViz.Core.Scenarios;

/// <summary>One thing wrong with a scenario file: where, and what is wrong and expected there.</summary>
/// <param name="Position">Line and column in the file.</param>
/// <param name="Message">What is wrong and what is expected.</param>
public sealed record ScenarioError(ScenarioPosition Position, string Message)
{
    /// <summary><c>line 3, column 7: message</c>.</summary>
    public override string ToString() => $"{Position}: {Message}";
}
