# Evident function-challenge harness for Python (runs INSIDE the sandbox).
# Protocol: stdin = line 1 the host's per-run nonce, line 2 the JSON plan (steps without
# expectations: the host compares). stdin is read fully and closed BEFORE the candidate's
# module is imported. The single result line is written to fd 1 with os.write captured
# before the import.
import importlib
import json
import math
import os
import sys
import time

_data = sys.stdin.read()
try:
    sys.stdin.close()
    os.close(0)
except OSError:
    pass
_nl = _data.index("\n")
_NONCE = _data[:_nl]
_PLAN = json.loads(_data[_nl + 1:])
del _data, _nl

_write = os.write
_dumps = json.dumps
# Tests are timed in this thread's CPU time, so a busy grader does not fail a correct solution.
_now = time.thread_time
_exit = os._exit


def _emit(result, _nonce=_NONCE):
    line = "\n" + _nonce + " " + _dumps(result, allow_nan=False) + "\n"
    data = line.encode("utf-8")
    while data:
        n = _write(1, data)
        data = data[n:]


del _NONCE


def _clip(text, limit):
    text = str(text)
    return text[:limit] + "…" if len(text) > limit else text


def _encode(value, depth=0):
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if abs(value) < 2**63 else {"$number": str(value)}
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$number": "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")}
    if isinstance(value, str):
        return _clip(value, 2000)
    if depth > 20:
        return {"$unserializable": "too deep"}
    if isinstance(value, (list, tuple)):
        return [_encode(v, depth + 1) for v in list(value)[:1000]]
    if isinstance(value, dict):
        out = {}
        for i, (k, v) in enumerate(value.items()):
            if i >= 1000:
                break
            if not isinstance(k, str):
                return {"$unserializable": "dict with non-string keys"}
            out[k] = _encode(v, depth + 1)
        return out
    return {"$unserializable": _clip(type(value).__name__, 100)}


def _error(error):
    try:
        names = [c.__name__ for c in type(error).__mro__][:10]
    except Exception:
        names = ["unknown"]
    try:
        message = _clip(str(error), 500)
    except Exception:
        message = ""
    return {"throws": {"names": names, "message": message}}


_M = 0xFFFFFFFF


def _rng(seed):
    s = seed & _M

    def nxt():
        nonlocal s
        s = (s + 0x6D2B79F5) & _M
        t = s
        t = ((t ^ (t >> 15)) * (t | 1)) & _M
        t = (t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & _M)) & _M)) & _M
        return (t ^ (t >> 14)) & _M

    return nxt


class _Timeout(BaseException):
    pass


def _get(instance, name):
    if name == "__len__":
        return len(instance)
    return getattr(instance, name)


def _lru_mixed(instance, w, names, clock, deadline):
    nxt = _rng(w["seed"])
    hits = total = deletes = invalid = 0
    set_, get_, delete_ = getattr(instance, names["set"]), getattr(instance, names["get"]), getattr(instance, names["delete"])
    key_space, ttl_every, max_ttl, max_adv = w["keySpace"], w["ttlEvery"], w["maxTtlMs"], w["maxAdvanceMs"]
    for i in range(w["operations"]):
        if (i & 1023) == 0 and _now() > deadline:
            raise _Timeout()
        a = nxt(); b = nxt(); c = nxt()
        p = a % 100
        key = "k" + str(b % key_space)
        if p < 50:
            if ttl_every > 0 and c % ttl_every == 0:
                set_(key, i, 1 + ((c >> 8) % max_ttl))
            else:
                set_(key, i)
        elif p < 90:
            v = get_(key)
            if v is not None:
                if isinstance(v, int) and not isinstance(v, bool):
                    hits += 1
                    total = (total + v) % 1000000007
                else:
                    invalid += 1
        elif p < 97:
            if delete_(key) is True:
                deletes += 1
        else:
            clock[0] += 1 + (c % max_adv)
    size = _get(instance, names["size"])
    return {"hits": hits, "sum": total, "deletes": deletes, "invalid": invalid,
            "size": size if isinstance(size, int) and not isinstance(size, bool) else None}


def _limiter_mixed(instance, w, names, clock, deadline):
    nxt = _rng(w["seed"])
    granted = granted_tokens = available_sum = invalid = 0
    acquire, available = getattr(instance, names["tryAcquire"]), getattr(instance, names["available"])
    key_space, max_tokens, step, max_steps = w["keySpace"], w["maxTokens"], w["advanceStepMs"], w["maxAdvanceSteps"]
    for i in range(w["operations"]):
        if (i & 1023) == 0 and _now() > deadline:
            raise _Timeout()
        a = nxt(); b = nxt(); c = nxt()
        p = a % 100
        key = "u" + str(b % key_space)
        if p < 70:
            n = 1 + (c % max_tokens)
            if acquire(key, n) is True:
                granted += 1
                granted_tokens += n
        elif p < 85:
            v = available(key)
            if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
                available_sum += math.floor(v * 1000 + 0.5)
            else:
                invalid += 1
        else:
            clock[0] += step * (1 + (c % max_steps))
    return {"granted": granted, "grantedTokens": granted_tokens, "availableSum": available_sum, "invalid": invalid}


_MODULUS = 1000000007


def _is_whole(v):
    return (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())


def _ring_mixed(instance, w, names, clock, deadline):
    # Same sequence as ringMixed in node-harness.mjs.
    nxt = _rng(w["seed"])
    add_node, remove_node = getattr(instance, names["addNode"]), getattr(instance, names["removeNode"])
    node_for, nodes_for = getattr(instance, names["nodeFor"]), getattr(instance, names["nodesFor"])
    key_space, per_10k, max_replicas = w["keySpace"], w["membershipPer10k"], w["maxReplicas"]
    present = []
    ids = {}
    state = {"next_id": 0, "digest": 0, "invalid": 0}
    lookups = changes = 0

    def join():
        name = "node-" + str(state["next_id"])
        add_node(name)
        ids[name] = state["next_id"]
        state["next_id"] += 1
        present.append(name)

    def fold(node):
        node_id = ids.get(node) if isinstance(node, str) else None
        if node_id is None:
            state["invalid"] += 1
        else:
            state["digest"] = (state["digest"] * 31 + node_id + 1) % _MODULUS

    for _ in range(w["initialNodes"]):
        join()
    for i in range(w["operations"]):
        if (i & 1023) == 0 and _now() > deadline:
            raise _Timeout()
        a = nxt(); b = nxt(); c = nxt()
        p = a % 10000
        key = "key-" + str(b % key_space)
        if p < per_10k:
            changes += 1
            if (c & 1) == 0 or len(present) <= 1:
                join()
            else:
                index = (c >> 1) % len(present)
                name = present[index]
                present[index] = present[-1]
                present.pop()
                remove_node(name)
        elif p < 9000:
            lookups += 1
            fold(node_for(key))
        else:
            lookups += 1
            nodes = nodes_for(key, 1 + (c % max_replicas))
            if not isinstance(nodes, (list, tuple)):
                state["invalid"] += 1
            else:
                state["digest"] = (state["digest"] * 31 + len(nodes)) % _MODULUS
                for node in nodes:
                    fold(node)
    return {"lookups": lookups, "changes": changes, "digest": state["digest"], "invalid": state["invalid"],
            "nodes": len(present)}


def _topk_mixed(instance, w, names, clock, deadline):
    # Same sequence as topkMixed in node-harness.mjs.
    nxt = _rng(w["seed"])
    add, top, count = getattr(instance, names["add"]), getattr(instance, names["top"]), getattr(instance, names["count"])
    key_space, hot_keys, max_count, max_k = w["keySpace"], w["hotKeys"], w["maxCount"], w["maxK"]
    keys = ["k" + str(i) for i in range(key_space)]
    ids = {key: i for i, key in enumerate(keys)}
    adds = add_sum = tops = digest = count_sum = invalid = 0
    for i in range(w["operations"]):
        if (i & 1023) == 0 and _now() > deadline:
            raise _Timeout()
        a = nxt(); b = nxt(); c = nxt()
        p = a % 100
        key = keys[b % hot_keys if ((a >> 8) & 3) == 0 else b % key_space]
        if p < 85:
            adds += 1
            total = add(key, 1 + (c % max_count))
            if _is_whole(total):
                add_sum = int((add_sum + total) % _MODULUS)
            else:
                invalid += 1
        elif p < 95:
            tops += 1
            entries = top(1 + (c % max_k))
            if not isinstance(entries, (list, tuple)):
                invalid += 1
                continue
            digest = (digest * 31 + len(entries)) % _MODULUS
            for entry in entries:
                entry_id = ids.get(entry[0]) if isinstance(entry, (list, tuple)) and len(entry) == 2 and isinstance(entry[0], str) else None
                if entry_id is None or not _is_whole(entry[1]):
                    invalid += 1
                else:
                    digest = int((((digest * 31 + entry_id + 1) % _MODULUS) * 31 + entry[1] % _MODULUS) % _MODULUS)
        else:
            total = count(key)
            if _is_whole(total):
                count_sum = int((count_sum + total) % _MODULUS)
            else:
                invalid += 1
    return {"adds": adds, "addSum": add_sum, "tops": tops, "digest": digest, "countSum": count_sum, "invalid": invalid}


_WORKLOADS = {"lru-mixed": _lru_mixed, "limiter-mixed": _limiter_mixed, "ring-mixed": _ring_mixed,
              "topk-mixed": _topk_mixed}


def _main(plan):
    sys.path.insert(0, os.path.join(os.getcwd(), os.path.dirname(plan["entry"])))
    module_name = os.path.splitext(os.path.basename(plan["entry"]))[0]
    try:
        module = importlib.import_module(module_name)
        exported = getattr(module, plan["export"], None)
        if not isinstance(exported, type):
            _emit({"load": {"error": "The solution does not define class " + plan["export"] + "."}})
            return
    except BaseException as error:  # noqa: BLE001 - report any load failure
        if isinstance(error, SyntaxError):
            text = "SyntaxError: %s (%s, line %s)" % (error.msg, os.path.basename(error.filename or "solution.py"), error.lineno)
        else:
            text = type(error).__name__ + ": " + str(error)
        _emit({"load": {"error": _clip(text, 4000)}})
        return
    results = []
    for test in plan["tests"]:
        clock = [test["clockStart"]]
        clock_fn = lambda: clock[0]  # noqa: E731
        instance = None
        has_instance = False
        steps = []
        started = _now()
        deadline = started + test["timeoutMs"] / 1000
        timed_out = False
        for step in test["steps"]:
            if _now() > deadline:
                timed_out = True
                break
            try:
                if "new" in step:
                    has_instance = False
                    args = list(step["new"]) + ([] if step.get("clock") is False else [clock_fn])
                    instance = exported(*args)
                    has_instance = True
                    steps.append({"value": None})
                elif "advanceClock" in step:
                    clock[0] += step["advanceClock"]
                    steps.append({"value": None})
                elif not has_instance:
                    steps.append({"missing": "no instance (the constructor raised or was not called)"})
                elif "call" in step:
                    method = getattr(instance, step["call"], None)
                    if not callable(method):
                        steps.append({"missing": "method " + step["call"] + " is not defined"})
                    else:
                        steps.append({"value": _encode(method(*step["args"]))})
                elif "get" in step:
                    steps.append({"value": _encode(_get(instance, step["get"]))})
                elif "workload" in step:
                    run = _WORKLOADS[step["workload"]["kind"]]
                    steps.append({"value": run(instance, step["workload"], step["names"], clock, deadline)})
                else:
                    steps.append({"missing": "unknown step"})
            except _Timeout:
                timed_out = True
                break
            except BaseException as error:  # noqa: BLE001 - SystemExit etc. count as a throw
                steps.append(_error(error))
        results.append({"durationMs": (_now() - started) * 1000, "timedOut": timed_out, "steps": steps})
    _emit({"load": {"ok": True}, "tests": results})


try:
    _main(_PLAN)
except BaseException as _failure:  # noqa: BLE001
    try:
        _emit({"load": {"error": _clip("Harness failure: " + type(_failure).__name__ + ": " + str(_failure), 2000)}})
    except BaseException:
        pass
try:
    sys.stdout.flush()
except BaseException:
    pass
_exit(0)
