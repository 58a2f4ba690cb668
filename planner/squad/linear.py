"""The squad model as a plain linear program: for the LP bound, the MPS export and HiGHS.

Every constraint the rules and the squad add is linear or a Boolean clause (at-most-one, or,
exactly-one) with no enforcement literal, so the CP-SAT proto translates one to one into rows
`lo <= sum(coef * var) <= hi` over integer columns. Anything else is refused loudly: a model that
silently dropped a constraint would make the comparison with HiGHS meaningless.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

INF = math.inf


@dataclass
class LinearModel:
    """Rows over integer columns; the objective is maximised (CP-SAT's own sense for the squad)."""

    lower: list[float]
    upper: list[float]
    rows: list[tuple[list[int], list[float], float, float]] = field(default_factory=list)
    objective: dict[int, float] = field(default_factory=dict)
    offset: float = 0.0
    first_row: list[int] = field(default_factory=list)  # per CP-SAT constraint, its first row

    @property
    def size(self) -> tuple[int, int]:
        return len(self.lower), len(self.rows)

    def to_mps(self, name: str = "squad", *, integer: bool = True) -> str:
        """Fixed MPS (free names) that HiGHS, CBC and SCIP read; the objective is written minimised.

        `integer=False` writes the linear relaxation (no integer markers)."""
        out = io.StringIO()
        out.write(f"NAME {name}\nOBJSENSE\n    MIN\nROWS\n N obj\n")
        senses = []
        for index, (_cols, _coefs, lo, hi) in enumerate(self.rows):
            if lo == hi:
                sense = "E"
            elif lo == -INF:
                sense = "L"
            elif hi == INF:
                sense = "G"
            else:
                sense = "L"  # ranged: L row with a RANGES entry
            senses.append(sense)
            out.write(f" {sense} r{index}\n")
        by_column: dict[int, list[tuple[str, float]]] = {}
        for index, (cols, coefs, _lo, _hi) in enumerate(self.rows):
            for col, coef in zip(cols, coefs, strict=True):
                by_column.setdefault(col, []).append((f"r{index}", coef))
        out.write("COLUMNS\n")
        if integer:
            out.write("    M0 'MARKER' 'INTORG'\n")
        for col in range(len(self.lower)):
            entries = by_column.get(col, [])
            if col in self.objective:
                entries = [("obj", -self.objective[col]), *entries]
            if not entries:
                entries = [("obj", 0.0)]
            for row, coef in entries:
                out.write(f"    x{col} {row} {coef:.17g}\n")
        # The objective's constant stays out of the file (readers disagree on its sign): a reader's
        # optimum v means a squad objective of offset - v.
        if integer:
            out.write("    M1 'MARKER' 'INTEND'\n")
        out.write("RHS\n")
        ranges = []
        for index, ((_cols, _coefs, lo, hi), sense) in enumerate(zip(self.rows, senses, strict=True)):
            rhs = lo if sense in ("E", "G") else hi
            if rhs:
                out.write(f"    rhs r{index} {rhs:.17g}\n")
            if sense == "L" and lo != -INF:
                ranges.append((index, hi - lo))
        if ranges:
            out.write("RANGES\n")
            for index, width in ranges:
                out.write(f"    rng r{index} {width:.17g}\n")
        out.write("BOUNDS\n")
        for col, (lo, hi) in enumerate(zip(self.lower, self.upper, strict=True)):
            if lo == hi:
                out.write(f" FX bnd x{col} {lo:.17g}\n")
                continue
            if lo != 0:
                out.write(f" LO bnd x{col} {lo:.17g}\n")
            out.write(f" UP bnd x{col} {hi:.17g}\n")
        out.write("ENDATA\n")
        return out.getvalue()


def _literal(ref: int) -> tuple[int, float, float]:
    """(column, coefficient, constant) of a CP-SAT literal: x, or 1 - x for a negated one."""
    return (ref, 1.0, 0.0) if ref >= 0 else (-ref - 1, -1.0, 1.0)


def _clause_row(literals, lo: float, hi: float) -> tuple[list[int], list[float], float, float]:
    cols, coefs, constant = [], [], 0.0
    for ref in literals:
        col, coef, const = _literal(ref)
        cols.append(col)
        coefs.append(coef)
        constant += const
    return cols, coefs, lo - constant, hi - constant


def from_cp_model(model: cp_model.CpModel) -> LinearModel:
    """Translate a CP-SAT model of linear rows and clauses into a `LinearModel` (maximise)."""
    proto = model.proto
    lower, upper = [], []
    for var in proto.variables:
        domain = list(var.domain)
        if len(domain) != 2:
            raise ValueError(f"variable {var.name!r} has a domain with holes; not a linear model")
        lower.append(float(domain[0]))
        upper.append(float(domain[1]))
    linear = LinearModel(lower, upper)
    for index, ct in enumerate(proto.constraints):
        linear.first_row.append(len(linear.rows))
        if list(ct.enforcement_literal):
            raise ValueError(f"constraint {index} has an enforcement literal; not a linear model")
        if ct.has_linear():
            domain = list(ct.linear.domain)
            if len(domain) != 2:
                raise ValueError(f"constraint {index} has a domain with holes; not a linear model")
            lo = -INF if domain[0] <= cp_model.INT_MIN else float(domain[0])
            hi = INF if domain[1] >= cp_model.INT_MAX else float(domain[1])
            linear.rows.append(
                ([int(v) for v in ct.linear.vars], [float(c) for c in ct.linear.coeffs], lo, hi)
            )
        elif ct.has_at_most_one():
            linear.rows.append(_clause_row(ct.at_most_one.literals, -INF, 1.0))
        elif ct.has_exactly_one():
            linear.rows.append(_clause_row(ct.exactly_one.literals, 1.0, 1.0))
        elif ct.has_bool_or():
            linear.rows.append(_clause_row(ct.bool_or.literals, 1.0, INF))
        elif ct.has_bool_and():
            for ref in ct.bool_and.literals:
                linear.rows.append(_clause_row([ref], 1.0, 1.0))
        else:
            raise ValueError(f"constraint {index} is not linear: {ct}")
    if proto.has_objective():
        objective = proto.objective
        # CP-SAT stores `maximize(e)` as minimise(-e) with scaling factor -1.
        scale = objective.scaling_factor or 1.0
        offset = objective.offset
        for var, coef in zip(objective.vars, objective.coeffs, strict=True):
            col, sign, constant = _literal(var)
            linear.objective[col] = linear.objective.get(col, 0.0) + sign * coef * scale
            offset += constant * coef
        linear.offset = offset * scale
        if scale > 0:
            # A minimisation model: keep the maximise convention by negating.
            linear.objective = {col: -coef for col, coef in linear.objective.items()}
            linear.offset = -linear.offset
    return linear
