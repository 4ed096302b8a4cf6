namespace MountViz.Core.Scenarios;

/// <summary>
/// Something a step expects to observe once its commands have run. Checked against the lab's
/// real mount tables, listings and files by <see cref="ExpectationEvaluator"/>.
/// </summary>
public abstract record Expectation
{
    private protected Expectation()
    {
    }

    /// <summary>The namespace to look in; null for the step's own.</summary>
    public string? Namespace { get; init; }

    /// <summary>Where the expectation is in the scenario file, for messages (null when built in code).</summary>
    public ScenarioPosition? Position { get; init; }

    /// <summary>What is expected, in one line (<c>a mount at /target1 in base, shared</c>).</summary>
    public abstract string Describe(string stepNamespace);

    /// <summary>"in NS" for the namespace this expectation looks in.</summary>
    protected string In(string stepNamespace) => $"in {Namespace ?? stepNamespace}";
}
