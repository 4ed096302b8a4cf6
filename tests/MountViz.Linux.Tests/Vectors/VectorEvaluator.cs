using System.Text.RegularExpressions;

namespace MountViz.Linux.Tests.Vectors;

/// <summary>
/// Checks an observation against a vector's <c>expect</c>, with the reference checker's rules
/// (<c>run_vectors.py</c>'s <c>check</c>): the outcome and errno; per namespace and category
/// exactly as many entries as expected (a namespace or category that is not listed must have
/// none); then a one-to-one match of expected to observed entries, found by backtracking, with
/// one binding of group placeholders for the whole vector.
/// </summary>
/// <remarks>
/// Placeholders: <c>$Name</c> is a group ID, the same for every use of the name and different
/// for different names; <c>$N…</c> must also be fresh (not in use anywhere before the op);
/// <c>G(/p)</c> and <c>M(/p)</c> are the <c>shared:</c> and <c>master:</c> values of the top-most
/// mount at <c>/p</c> in <c>ns0</c> before the op, <c>G(/p@c1)</c> in namespace <c>c1</c>.
/// One deliberate difference: the reference takes the highest ID at <c>/p</c> as the top-most
/// mount; here it is the one no other mount at <c>/p</c> sits on (the same for every vector,
/// which avoid tucked stacks, and right where IDs were reused); the highest ID remains the
/// fallback when the stack cannot be told from the parents.
/// </remarks>
public static partial class VectorEvaluator
{
    /// <summary>Every way the observation differs from the expectation; empty when it matches.</summary>
    public static IReadOnlyList<string> Evaluate(VectorExpectation expect, VectorObservation observed)
    {
        ArgumentNullException.ThrowIfNull(expect);
        ArgumentNullException.ThrowIfNull(observed);
        var errors = new List<string>();
        if (expect.Succeeds && !observed.Ok)
        {
            errors.Add($"expected success, got errno {observed.Errno ?? "(none)"}: {observed.Message}");
        }
        else if (!expect.Succeeds && observed.Ok)
        {
            errors.Add("expected failure, got success");
        }

        if (expect.Errno is not null && observed.Errno != expect.Errno)
        {
            errors.Add($"expected errno {expect.Errno}, got {observed.Errno ?? "none"}");
        }

        foreach (string text in expect.OutputContains)
        {
            errors.Add($"output_contains `{text}` cannot be checked against an operation result");
        }

        var pairs = new List<(string Ns, ChangeCategory Category, IReadOnlyList<VectorMountPattern> Expected, IReadOnlyList<ObservedChange> Actual)>();
        foreach (string ns in observed.Diff.Keys.Union(expect.Namespaces.Keys).Order(StringComparer.Ordinal))
        {
            NamespaceExpectation wanted = expect.Namespaces.GetValueOrDefault(ns) ?? NamespaceExpectation.None;
            NamespaceDiff actual = observed.DiffOf(ns);
            foreach (ChangeCategory category in ChangeCategoryNames.All)
            {
                IReadOnlyList<VectorMountPattern> e = wanted.For(category);
                IReadOnlyList<ObservedChange> a = actual.For(category);
                if (e.Count != a.Count)
                {
                    errors.Add($"{ns}.{category.ToWord()}: expected {e.Count} entries, got {a.Count}: [{string.Join("; ", a)}]");
                }
                else
                {
                    pairs.Add((ns, category, e, a));
                }
            }
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var expected = pairs.SelectMany(p => p.Expected.Select(x => (p.Ns, p.Category, Pattern: x))).ToList();
        var pools = pairs.ToDictionary(p => (p.Ns, p.Category), p => p.Actual);
        var existing = new HashSet<string>(observed.OtherExistingGroups, StringComparer.Ordinal);
        foreach (ObservedMount mount in observed.Before.Values.SelectMany(m => m))
        {
            foreach (string key in (string[])["shared", "master"])
            {
                if (mount.Tags.TryGetValue(key, out string? group) && group is not null)
                {
                    existing.Add(group);
                }
            }
        }

        try
        {
            if (Match(0, new Dictionary<string, string>(StringComparer.Ordinal), new HashSet<(string, ChangeCategory, int)>()) is null)
            {
                errors.Add("the entries do not match one to one; expected "
                    + string.Join("; ", expected.Select(x => $"{x.Ns}.{x.Category.ToWord()} {x.Pattern}"))
                    + "\n actual:\n" + observed.Describe());
            }
        }
        catch (KeyNotFoundException e)
        {
            errors.Add("bad reference: " + e.Message);
        }

        return errors;

        Dictionary<string, string>? Match(int index, Dictionary<string, string> binding, HashSet<(string, ChangeCategory, int)> used)
        {
            if (index == expected.Count)
            {
                return binding;
            }

            (string ns, ChangeCategory category, VectorMountPattern pattern) = expected[index];
            IReadOnlyList<ObservedChange> pool = pools[(ns, category)];
            for (int j = 0; j < pool.Count; j++)
            {
                if (used.Contains((ns, category, j)))
                {
                    continue;
                }

                if (MatchEntry(pattern, pool[j], binding, observed.Before, existing) is { } next)
                {
                    used.Add((ns, category, j));
                    if (Match(index + 1, next, used) is { } done)
                    {
                        return done;
                    }

                    used.Remove((ns, category, j));
                }
            }

            return null;
        }
    }

    /// <summary>
    /// Whether one observed entry fits one expected entry under <paramref name="binding"/>:
    /// the binding extended with the placeholders this entry fixes, or null.
    /// </summary>
    /// <exception cref="KeyNotFoundException">A <c>G(/p)</c>/<c>M(/p)</c> names a path or namespace with no mount before the op.</exception>
    public static Dictionary<string, string>? MatchEntry(
        VectorMountPattern expected,
        ObservedChange actual,
        IReadOnlyDictionary<string, string> binding,
        IReadOnlyDictionary<string, IReadOnlyList<ObservedMount>> before,
        IReadOnlySet<string> existing)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(existing);
        ObservedMount mount = actual.Mount;
        if ((expected.Path is not null && expected.Path != mount.Path)
            || (expected.Src is not null && expected.Src != mount.Src)
            || (expected.Root is not null && expected.Root != mount.Root))
        {
            return null;
        }

        if (expected.On is string on)
        {
            // "path:src" names the parent's source too; "path" only its path.
            string? actualOn = on.Contains(':', StringComparison.Ordinal) ? mount.On : mount.On?.Split(':')[0];
            if (on != actualOn)
            {
                return null;
            }
        }

        if (expected.From is not null && expected.From != actual.Before?.Path)
        {
            return null;
        }

        var next = new Dictionary<string, string>(binding, StringComparer.Ordinal);
        if (expected.Tags is null)
        {
            return next;
        }

        Dictionary<string, string?> tags = ParseTags(expected.Tags);
        if (!tags.Keys.Order(StringComparer.Ordinal).SequenceEqual(mount.Tags.Keys.Order(StringComparer.Ordinal)))
        {
            return null;
        }

        foreach ((string key, string? value) in tags)
        {
            if (value is null)
            {
                continue;
            }

            string? actualValue = mount.Tags[key];
            if (actualValue is null)
            {
                return null;
            }

            if (value.StartsWith('$'))
            {
                if (next.TryGetValue(value, out string? bound))
                {
                    if (bound != actualValue)
                    {
                        return null;
                    }
                }
                else
                {
                    // Different names are different groups; $N… names are new groups.
                    if (next.ContainsValue(actualValue) || (value.StartsWith("$N", StringComparison.Ordinal) && existing.Contains(actualValue)))
                    {
                        return null;
                    }

                    next[value] = actualValue;
                }
            }
            else if (ResolveReference(value, before) is not string resolved || resolved != actualValue)
            {
                return null;
            }
        }

        return next;
    }

    /// <summary><c>private</c> → no tags; <c>shared:X master:Y</c> → shared → X, master → Y; <c>unbindable</c> → unbindable → null.</summary>
    public static Dictionary<string, string?> ParseTags(string tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var parsed = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (tags is "" or "private")
        {
            return parsed;
        }

        foreach (string token in tags.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = token.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                parsed[token] = null;
            }
            else
            {
                parsed[token[..colon]] = token[(colon + 1)..];
            }
        }

        return parsed;
    }

    /// <summary>
    /// The group a <c>G(/p)</c> or <c>M(/p)</c> (optionally <c>@ns</c>) names: the <c>shared:</c> or
    /// <c>master:</c> value of the top-most mount at <c>/p</c> before the op; null when that
    /// mount has no such tag or <paramref name="reference"/> is not a reference.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No mount at that path (or no such namespace) before the op.</exception>
    public static string? ResolveReference(string reference, IReadOnlyDictionary<string, IReadOnlyList<ObservedMount>> before)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(before);
        Match match = Reference().Match(reference);
        if (!match.Success)
        {
            return null;
        }

        string path = match.Groups[2].Value;
        string ns = match.Groups[3].Success ? match.Groups[3].Value : VectorNamespaces.Sandbox;
        var candidates = (before.GetValueOrDefault(ns) ?? []).Where(m => m.Path == path).ToList();
        if (candidates.Count == 0)
        {
            throw new KeyNotFoundException($"no mount at {path} in {ns} before the op");
        }

        // The top of a stack at one path is the mount no other mount at that path sits on.
        var tops = candidates.Where(c => !candidates.Exists(o => o.ParentId == c.Id)).ToList();
        ObservedMount top = tops.Count == 1 ? tops[0] : candidates.MaxBy(c => c.Id)!;
        return top.Tags.GetValueOrDefault(match.Groups[1].Value == "G" ? "shared" : "master");
    }

    [GeneratedRegex(@"^([GM])\((.+?)(?:@(\w+))?\)$", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
