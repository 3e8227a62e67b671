# NDlib 5.1.1's SISModel on an edge list, 100 iterations: the peer figure of bench/README.md
# ("Against NDlib"). Usage: PYTHONPATH=<ndlib source>:<netdispatch source> \
#   /usr/bin/python3 bench/ndlib_sis.py EDGE_LIST (commsim side: bench/ndlib_sis_commsim.yaml).
import sys, time
import networkx as nx
import ndlib.models.ModelConfig as mc
import ndlib.models.epidemics as ep
t0 = time.perf_counter()
g = nx.read_edgelist(sys.argv[1], nodetype=int)
t1 = time.perf_counter()
model = ep.SISModel(g, seed=1)
cfg = mc.Configuration()
cfg.add_model_parameter("beta", 0.05)
cfg.add_model_parameter("lambda", 0.1)
cfg.add_model_parameter("fraction_infected", 0.3)
model.set_initial_status(cfg)
t2 = time.perf_counter()
its = model.iteration_bunch(100, progress_bar=False)
t3 = time.perf_counter()
print(f"read {t1-t0:.2f} s, setup {t2-t1:.2f} s, 100 steps {t3-t2:.2f} s, total {t3-t0:.2f} s; "
      f"infected at the end {its[-1]['node_count'][1]}")
