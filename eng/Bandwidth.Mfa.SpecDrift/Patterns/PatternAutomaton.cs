using System;
using System.Collections.Generic;
using System.Linq;

namespace Bandwidth.Mfa.SpecDrift.Patterns;

/// <summary>
/// The set of strings a JSON Schema <c>pattern</c> accepts, as a nondeterministic automaton over UTF-16 code units.
/// A pattern matches anywhere in the string unless <c>^</c>/<c>$</c> anchor it, so an unanchored end accepts any
/// text before or after.
/// </summary>
internal sealed class PatternAutomaton
{
    private const int MaxStates = 200_000;

    private readonly List<List<(int Lo, int Hi, int To)>> _moves = [];
    private readonly List<List<int>> _empties = [];

    private PatternAutomaton()
    {
    }

    /// <summary>The start state.</summary>
    public int Start { get; private set; }

    /// <summary>The one accepting state.</summary>
    public int Accept { get; private set; }

    /// <summary>Builds the automaton of <paramref name="pattern"/>.</summary>
    /// <exception cref="PatternNotSupportedException">The pattern uses a construct the comparison cannot reason about, or is too large.</exception>
    public static PatternAutomaton Build(string pattern)
    {
        var automaton = new PatternAutomaton();
        automaton.Start = automaton.NewState();
        automaton.Accept = automaton.NewState();
        foreach (var option in PatternParser.Parse(pattern))
        {
            var items = ((SequenceNode)option).Items.ToList();
            var anchoredStart = items.Count > 0 && items[0] is AnchorNode { Start: true };
            var anchoredEnd = items.Count > 0 && items[^1] is AnchorNode { Start: false };
            items.RemoveAll(item => item is AnchorNode);
            var body = new List<PatternNode>();
            if (!anchoredStart)
            {
                body.Add(new RepeatNode(new CharNode(CharSet.Any), 0, null));
            }

            body.AddRange(items);
            if (!anchoredEnd)
            {
                body.Add(new RepeatNode(new CharNode(CharSet.Any), 0, null));
            }

            var (start, end) = automaton.Add(new SequenceNode(body));
            automaton._empties[automaton.Start].Add(start);
            automaton._empties[end].Add(automaton.Accept);
        }

        return automaton;
    }

    /// <summary>The moves out of <paramref name="state"/> on a character.</summary>
    public IReadOnlyList<(int Lo, int Hi, int To)> MovesFrom(int state) => _moves[state];

    /// <summary>Every state reachable from <paramref name="states"/> without reading a character, as a sorted array.</summary>
    public int[] Closure(IEnumerable<int> states)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>(states);
        while (stack.Count > 0)
        {
            var state = stack.Pop();
            if (seen.Add(state))
            {
                foreach (var next in _empties[state])
                {
                    stack.Push(next);
                }
            }
        }

        var result = seen.ToArray();
        Array.Sort(result);
        return result;
    }

    private int NewState()
    {
        if (_moves.Count >= MaxStates)
        {
            throw new PatternNotSupportedException("the pattern is too large to compare");
        }

        _moves.Add([]);
        _empties.Add([]);
        return _moves.Count - 1;
    }

    private (int Start, int End) Add(PatternNode node)
    {
        switch (node)
        {
            case CharNode chars:
            {
                var start = NewState();
                var end = NewState();
                foreach (var (lo, hi) in chars.Set.Ranges)
                {
                    _moves[start].Add((lo, hi, end));
                }

                return (start, end);
            }

            case SequenceNode sequence:
            {
                var start = NewState();
                var end = start;
                foreach (var item in sequence.Items)
                {
                    var (itemStart, itemEnd) = Add(item);
                    _empties[end].Add(itemStart);
                    end = itemEnd;
                }

                return (start, end);
            }

            case ChoiceNode choice:
            {
                var start = NewState();
                var end = NewState();
                foreach (var option in choice.Options)
                {
                    var (optionStart, optionEnd) = Add(option);
                    _empties[start].Add(optionStart);
                    _empties[optionEnd].Add(end);
                }

                return (start, end);
            }

            case RepeatNode repeat:
            {
                var start = NewState();
                var end = start;
                for (var i = 0; i < repeat.Min; i++)
                {
                    var (copyStart, copyEnd) = Add(repeat.Body);
                    _empties[end].Add(copyStart);
                    end = copyEnd;
                }

                if (repeat.Max is null)
                {
                    var (loopStart, loopEnd) = Add(repeat.Body);
                    var after = NewState();
                    _empties[end].Add(loopStart);
                    _empties[end].Add(after);
                    _empties[loopEnd].Add(loopStart);
                    _empties[loopEnd].Add(after);
                    return (start, after);
                }

                var final = NewState();
                _empties[end].Add(final);
                for (var i = repeat.Min; i < repeat.Max; i++)
                {
                    var (copyStart, copyEnd) = Add(repeat.Body);
                    _empties[end].Add(copyStart);
                    _empties[copyEnd].Add(final);
                    end = copyEnd;
                }

                return (start, final);
            }

            default:
                throw new PatternNotSupportedException("an anchor inside the pattern");
        }
    }
}
