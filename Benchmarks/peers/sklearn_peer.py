"""scikit-learn measured on the same data and settings as Trainyard's trainers, for `make bench`.

Modes (one core: OpenBLAS/OpenMP limited to one thread by the caller's environment):
  generate PATH                  write make_classification(200000 x 64, 32 informative, 4 classes, seed 0) as CSV
  mlp PATH EPOCHS                MLPClassifier (128, 64), adam, batch 256, lr 0.001: seconds per epoch, accuracy
  kmeans PATH ITERATIONS         KMeans k=16, k-means++, one init, Lloyd, fixed iterations: seconds per iteration, inertia per sample
The last line printed is a JSON object of figures.
"""
import json
import sys
import time
import warnings

import numpy as np

mode, path = sys.argv[1], sys.argv[2]
if mode == "generate":
    from sklearn.datasets import make_classification
    X, y = make_classification(n_samples=200_000, n_features=64, n_informative=32, n_classes=4, random_state=0)
    header = ",".join([f"x{i}" for i in range(X.shape[1])] + ["label"])
    np.savetxt(path, np.column_stack([X, y]), delimiter=",", header=header, comments="", fmt=["%.6g"] * X.shape[1] + ["%d"])
    print(json.dumps({"rows": float(X.shape[0])}))
    sys.exit(0)

from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)
X, y = data[:, :-1], data[:, -1].astype(int)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train).astype(np.float32), scaler.transform(X_test).astype(np.float32)
count = int(sys.argv[3])

if mode == "mlp":
    from sklearn.neural_network import MLPClassifier
    model = MLPClassifier(hidden_layer_sizes=(128, 64), solver="adam", batch_size=256, learning_rate_init=0.001,
                          max_iter=count, tol=0.0, n_iter_no_change=count + 1, shuffle=True, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        model.fit(X_train, y_train)
        elapsed = time.perf_counter() - start
    print(json.dumps({"epoch_seconds": elapsed / count, "accuracy": float(model.score(X_test, y_test))}))
elif mode == "kmeans":
    from sklearn.cluster import KMeans
    model = KMeans(n_clusters=16, init="k-means++", n_init=1, max_iter=count, tol=0.0, algorithm="lloyd", random_state=0)
    start = time.perf_counter()
    model.fit(X_train)
    elapsed = time.perf_counter() - start
    print(json.dumps({"iteration_seconds": elapsed / count, "inertia_per_sample": float(model.inertia_) / len(X_train),
                      "iterations": float(model.n_iter_)}))
