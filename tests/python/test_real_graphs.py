"""Graphs as people publish them (issue 19): labels kept from the file to the
results, relabelled lists giving the same runs, GraphML and GML equal to the
edge list, gzip, warnings for what reading changed, and people files."""

import gzip
import json

import h5py
import networkx as nx
import numpy as np
import pytest

import commsim

COMMUNITY = {
    "model": "community", "seed": 5, "days": 20, "replicates": 2,
    "community": {"seed_members": 5, "seed_min_fit": 0, "capacity": 400},
    "output": {"agents": "every_100_days"},  # days 0 and 20
}

# A graph of a few people has fewer than COMMUNITY's five seeds.
SMALL = {"community": {"seed_members": 2, "seed_min_fit": 0, "capacity": 400}}


def scenario_for(folder, graph, people=None, extra=None):
    doc = json.loads(json.dumps(COMMUNITY))
    doc["population"] = {"graph": graph}
    if people is not None:
        doc["population"]["people"] = people
    doc.update(extra or {})
    return commsim.Scenario.from_yaml(doc, name=folder / "s.yaml")


def write_list(path, pairs):
    path.write_text("".join(f"{a} {b}\n" for a, b in pairs))


def labelled_edges(scenario):
    return {tuple(sorted(map(str, e))) for e in scenario.edges(labels=True).tolist()}


@pytest.fixture
def graph():
    return nx.barabasi_albert_graph(300, 3, seed=2)


def test_labels_round_trip_into_the_results_file(tmp_path):
    write_list(tmp_path / "net.txt", [("ann", "bo"), ("bo", "cy"), ("cy", "ann"), ("dee", "ann")])
    s = scenario_for(tmp_path, {"kind": "edge_list", "path": "net.txt"}, extra=SMALL)
    assert s.population_size == 4  # from the file
    assert s.labels().tolist() == ["ann", "bo", "cy", "dee"]
    out = tmp_path / "out.h5"
    results = commsim.run(s, output=out, threads=1)
    with h5py.File(out) as f:
        assert f["agents/label"].asstr()[:].tolist() == ["ann", "bo", "cy", "dee"]
    ds = commsim.open(out)
    assert "label" in ds.coords and ds["label"].dims == ("agent",)
    assert ds["label"].values.tolist() == ["ann", "bo", "cy", "dee"]
    assert ds["opinion"].sel(agent=ds["label"] == "dee").shape == (2, 2, 1)
    assert results.to_xarray()["label"].values.tolist() == ["ann", "bo", "cy", "dee"]
    # Whole-number labels are numbers; generated graphs are labelled by index.
    generated = scenario_for(tmp_path, {"kind": "erdos_renyi", "mean_degree": 2},
                             extra={"population": {"size": 50,
                                                   "graph": {"kind": "erdos_renyi",
                                                             "mean_degree": 2}}})
    generated_out = tmp_path / "generated.h5"
    commsim.run(generated, output=generated_out, threads=1)
    labels = commsim.open(generated_out)["label"].values
    assert labels.dtype.kind == "i" and labels.tolist() == list(range(50))


def test_gaps_and_strings_give_the_same_run_as_the_relabelled_integers(tmp_path, graph):
    edges = list(graph.edges())
    write_list(tmp_path / "ints.txt", edges)
    # Whole numbers with gaps keep their numeric order ...
    write_list(tmp_path / "gaps.txt", [(7 * a + 1000, 7 * b + 1000) for a, b in edges])
    # ... names are people in order of first appearance: name the people so
    # that the order of first appearance is the integer order.
    order = []
    for a, b in edges:
        for x in (a, b):
            if x not in order:
                order.append(x)
    rank = {x: i for i, x in enumerate(order)}
    write_list(tmp_path / "first_seen.txt", [(rank[a], rank[b]) for a, b in edges])
    write_list(tmp_path / "names.txt", [(f"user-{a:x}", f"user-{b:x}") for a, b in edges])

    def run(path):
        s = scenario_for(tmp_path, {"kind": "edge_list", "path": path})
        return s, commsim.run(s, threads=2)

    s_ints, ints = run("ints.txt")
    s_gaps, gaps = run("gaps.txt")
    s_first, first = run("first_seen.txt")
    s_names, names = run("names.txt")
    assert s_gaps.labels().tolist() == [7 * i + 1000 for i in range(300)]
    assert s_names.labels().tolist() == [f"user-{x:x}" for x in order]
    # The same graph up to relabelling ...
    assert {tuple(sorted(((a - 1000) // 7, (b - 1000) // 7)))
            for a, b in s_gaps.edges(labels=True).tolist()} == \
        {tuple(sorted(e)) for e in s_ints.edges().tolist()}
    assert np.array_equal(s_names.edges(), s_first.edges())
    # ... and the same results when the people are in the same order.
    for name in ints.timeseries:
        assert np.array_equal(ints.timeseries[name], gaps.timeseries[name], equal_nan=True), name
        assert np.array_equal(first.timeseries[name], names.timeseries[name], equal_nan=True), name
    for name in ints.agents:
        assert np.array_equal(ints.agents[name], gaps.agents[name]), name
        assert np.array_equal(first.agents[name], names.agents[name]), name


def test_graphml_gml_gzip_and_the_edge_list_give_the_same_graph(tmp_path):
    g = nx.les_miserables_graph()
    nx.write_edgelist(g, tmp_path / "lesmis.txt", delimiter="\t")  # names hold spaces? no: tabs
    nx.write_graphml(g, tmp_path / "lesmis.graphml")
    nx.write_gml(g, tmp_path / "lesmis.gml")
    with open(tmp_path / "lesmis.txt", "rb") as src, gzip.open(tmp_path / "lesmis.txt.gz", "wb") as dst:
        dst.write(src.read())
    expected = {tuple(sorted(e)) for e in g.edges()}
    graphs = [{"kind": "edge_list", "path": "lesmis.txt", "separator": "tab"},
              {"kind": "edge_list", "path": "lesmis.txt.gz", "separator": "tab"},
              {"kind": "graphml", "path": "lesmis.graphml"},
              {"kind": "gml", "path": "lesmis.gml"}]
    for spec in graphs:
        s = scenario_for(tmp_path, spec)
        assert s.population_size == g.number_of_nodes(), spec
        assert labelled_edges(s) == expected, spec
    degrees = scenario_for(tmp_path, graphs[2]).degrees(labels=True)
    assert degrees["Valjean"] == g.degree["Valjean"]
    # GraphML and GML declare nodes in networkx's order.
    assert scenario_for(tmp_path, graphs[3]).labels().tolist() == list(g.nodes())


def test_merged_duplicates_are_warned_and_recorded(tmp_path, commsim_exe):
    import subprocess

    write_list(tmp_path / "dup.txt", [(0, 1), (1, 2), (1, 0), (2, 2), (0, 2)])
    s = scenario_for(tmp_path, {"kind": "edge_list", "path": "dup.txt"}, extra=SMALL)
    assert len(s.warnings) == 2
    assert "merged 1 duplicate edge" in s.warnings[0] and "dup.txt" in s.warnings[0]
    assert "dropped 1 self-loop, the first on line 4" in s.warnings[1]
    out = tmp_path / "dup.h5"
    commsim.run(s, output=out, threads=1)
    with h5py.File(out) as f:
        assert f.attrs["warnings"].splitlines() == s.warnings
    (tmp_path / "s.yaml").write_text(json.dumps({**COMMUNITY, **SMALL, "population": {
        "graph": {"kind": "edge_list", "path": "dup.txt"}}}))
    r = subprocess.run([commsim_exe, "validate", str(tmp_path / "s.yaml")], capture_output=True,
                       text=True)
    assert r.returncode == 0
    assert "warning: " in r.stderr and "merged 1 duplicate edge" in r.stderr
    assert "people     3" in r.stdout
    with pytest.raises(commsim.ScenarioError, match=r"dup.txt:3: duplicate edge 0 1 "
                                                    r"\(first given on line 1"):
        scenario_for(tmp_path, {"kind": "edge_list", "path": "dup.txt", "duplicates": "reject"})


def test_a_people_file_sets_the_attributes_it_names(tmp_path, graph):
    write_list(tmp_path / "ints.txt", graph.edges())
    (tmp_path / "people.csv").write_text("label,wtp,role\n3,250,opinion_leader\n17,,supporter\n")
    plain = scenario_for(tmp_path, {"kind": "edge_list", "path": "ints.txt"})
    given = scenario_for(tmp_path, {"kind": "edge_list", "path": "ints.txt"},
                         people={"file": "people.csv"})
    table = given.people()
    assert list(table.columns) == ["wtp", "role"]
    assert table.loc[3, "wtp"] == 250 and np.isnan(table.loc[17, "wtp"])
    assert plain.people().empty
    a = commsim.run(plain, threads=1).agents
    b = commsim.run(given, threads=1).agents
    assert b["role_code"][0, 0, 3] == 4 and b["member_status"][0, 0, 17] == 1
    assert b["wtp"][0, 0, 3] == 250 and a["wtp"][0, 0, 3] != 250
    # Attributes the file does not name are the ones drawn without it.
    for name in ("attention", "expertise", "post_propensity", "interest_0"):
        assert np.array_equal(a[name], b[name]), name


def test_graph_node_attributes_as_people_and_their_errors(tmp_path):
    g = nx.florentine_families_graph()
    for node in g:
        g.nodes[node]["wtp"] = float(len(node))
        g.nodes[node]["wealth"] = 1  # not a person attribute: ignored
    g.nodes["Medici"]["role"] = "opinion_leader"
    nx.write_graphml(g, tmp_path / "florence.graphml")
    s = scenario_for(tmp_path, {"kind": "graphml", "path": "florence.graphml"},
                     people={"from_graph": True})
    table = s.people()
    assert table.loc["Medici", "wtp"] == 6 and table.loc["Medici", "role"] == 4
    g.nodes["Strozzi"]["wtp"] = -5.0
    nx.write_graphml(g, tmp_path / "bad.graphml")
    with pytest.raises(commsim.ScenarioError,
                       match=r"bad.graphml:\d+: node \"Strozzi\": wtp \(node attribute\): "
                             r"expected a number >= 0"):
        scenario_for(tmp_path, {"kind": "graphml", "path": "bad.graphml"},
                     people={"from_graph": True})


def test_people_file_and_size_errors_name_the_key_and_the_line(tmp_path, graph):
    write_list(tmp_path / "ints.txt", graph.edges())
    (tmp_path / "people.csv").write_text("label,wtp\n3,1\n999,2\n3,4\n")
    with pytest.raises(commsim.ScenarioError) as err:
        scenario_for(tmp_path, {"kind": "edge_list", "path": "ints.txt"},
                     people={"file": "people.csv"})
    message = str(err.value)
    assert "population.people.file" in message
    assert "people.csv:3: label \"999\" is not a person of the graph" in message
    assert "people.csv:4: label \"3\" is given twice (first on line 2)" in message
    with pytest.raises(commsim.ScenarioError, match="people file .*missing.csv does not exist"):
        scenario_for(tmp_path, {"kind": "edge_list", "path": "ints.txt"},
                     people={"file": "missing.csv"})
    with pytest.raises(commsim.ScenarioError, match="needs a graph read from a file"):
        commsim.Scenario.from_yaml({**COMMUNITY, "population": {
            "size": 10, "graph": {"kind": "erdos_renyi", "mean_degree": 2},
            "people": {"from_graph": True}}})
    with pytest.raises(commsim.ScenarioError, match="model `bass` takes no person attributes"):
        commsim.Scenario.from_yaml({"model": "bass", "seed": 1, "days": 2, "population": {
            "graph": {"kind": "edge_list", "path": "ints.txt"}, "people": {"file": "people.csv"}}},
            name=tmp_path / "b.yaml")
    with pytest.raises(commsim.ScenarioError, match="missing required key `size`"):
        commsim.Scenario.from_yaml({"model": "bass", "seed": 1, "days": 2})
    with pytest.raises(commsim.ScenarioError,
                       match="population.size is 10, but the file names 300 people"):
        commsim.Scenario.from_yaml({**COMMUNITY, "population": {
            "size": 10, "graph": {"kind": "edge_list", "path": "ints.txt"}}},
            name=tmp_path / "s.yaml")


def test_describe_lists_the_person_attributes(commsim_exe):
    import subprocess

    r = subprocess.run([commsim_exe, "describe", "community"], capture_output=True, text=True)
    assert "person attributes a people file can give" in r.stdout
    for name in ("interest_0, interest_1, ...", "wtp", "attention", "post_propensity", "expertise",
                 "opinion", "member", "group", "role"):
        assert name in r.stdout, name
