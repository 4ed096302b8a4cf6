namespace MountViz.Core.Scenarios;

/// <summary>Which part of a scenario a <see cref="StepResult"/> is for.</summary>
public enum ScenarioPhase
{
    /// <summary>The setup (all its items in one result).</summary>
    Setup,

    /// <summary>A numbered step.</summary>
    Step,
}
