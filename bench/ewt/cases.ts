import type { SimConfig } from './simulation.js';

/**
 * The benchmark's call centers. Time is in seconds; the mean handle time is 300 s throughout, so with s operators
 * the completion rate with everyone busy is sμ = s/300 per second and the offered load is ρ = λ/(sμ).
 */
export interface BenchCase {
  name: string;
  description: string;
  config: SimConfig;
  /** Abandonment present: also score against potential waiting times. */
  abandonment: boolean;
  /**
   * M/M/s without abandonment: W | n ~ Erlang(n+1, sμ), so the best possible RMSE over delayed customers is
   * sqrt(E[n+1 | delayed]) / (sμ) = 1/(sμ·sqrt(1−ρ)) (n+1 is geometric with mean 1/(1−ρ) given a wait).
   */
  closedFormRmse?: number;
}

export const MEAN_HANDLE = 300;
const HOUR = 3600;
const DAY = 24 * HOUR;

function mms(servers: number, rho: number, horizon: number, warmup: number, seed: number): BenchCase {
  const sMu = servers / MEAN_HANDLE;
  return {
    name: `M/M/${servers} ρ=${rho.toFixed(2)}`,
    description: `${servers} operators, mean handle ${MEAN_HANDLE} s, no abandonment, offered load ${rho}`,
    abandonment: false,
    closedFormRmse: 1 / (sMu * Math.sqrt(1 - rho)),
    config: {
      servers,
      meanHandle: MEAN_HANDLE,
      meanPatience: Number.POSITIVE_INFINITY,
      arrivalRate: rho * sMu,
      horizon: warmup + horizon,
      warmup,
      seed,
    },
  };
}

function erlangA(servers: number, rho: number, horizon: number, warmup: number, seed: number): BenchCase {
  const sMu = servers / MEAN_HANDLE;
  return {
    name: `M/M/${servers}+M ρ=${rho.toFixed(2)}`,
    description: `${servers} operators, mean handle ${MEAN_HANDLE} s, mean patience ${MEAN_HANDLE} s, offered load ${rho}`,
    abandonment: true,
    config: {
      servers,
      meanHandle: MEAN_HANDLE,
      meanPatience: MEAN_HANDLE,
      arrivalRate: rho * sMu,
      horizon: warmup + horizon,
      warmup,
      seed,
    },
  };
}

/** ρ(t) = 0.95 + 0.10·sin(2πt / 4 h): alternating overload (1.05) and underload (0.85), with abandonment. */
function sinusoidal(seed: number): BenchCase {
  const servers = 100;
  const sMu = servers / MEAN_HANDLE;
  const period = 4 * HOUR;
  return {
    name: 'M_t/M/100+M ρ(t)=0.95±0.10',
    description: `100 operators, mean handle and patience ${MEAN_HANDLE} s, load 0.95 + 0.10·sin(2πt/4h) (thinning)`,
    abandonment: true,
    config: {
      servers,
      meanHandle: MEAN_HANDLE,
      meanPatience: MEAN_HANDLE,
      arrivalRate: (t) => (0.95 + 0.1 * Math.sin((2 * Math.PI * t) / period)) * sMu,
      maxArrivalRate: 1.05 * sMu,
      horizon: 2e5 + 2e7,
      warmup: 2e5,
      seed,
    },
  };
}

/**
 * The handle time drifts over the day, 300 s ± 15% (say, hard calls in the morning), at a constant arrival rate
 * (load 0.81..1.09), with abandonment. QL-true uses the true mean handle time of the moment, so it is a reference
 * rather than the optimum here; the case shows what tracking costs.
 */
function drift(seed: number): BenchCase {
  const servers = 100;
  return {
    name: 'M/M_t/100+M AHT 300 s±15%/day',
    description: '100 operators, mean handle 300·(1 + 0.15·sin(2πt/24h)) s, patience 300 s, arrival rate 0.95·s/300',
    abandonment: true,
    config: {
      servers,
      meanHandle: (t) => MEAN_HANDLE * (1 + 0.15 * Math.sin((2 * Math.PI * t) / DAY)),
      meanPatience: MEAN_HANDLE,
      arrivalRate: (0.95 * servers) / MEAN_HANDLE,
      horizon: 2e5 + 2e7,
      warmup: 2e5,
      seed,
    },
  };
}

export function benchCases(): BenchCase[] {
  return [
    mms(100, 0.9, 2e7, 2e5, 101),
    mms(100, 0.95, 2e7, 2e5, 102),
    // Near saturation the queue length relaxes over ~1/(sμ(1−√ρ)²) ≈ 8 h, so this one runs longest.
    mms(100, 0.98, 1e8, 2e5, 103),
    erlangA(100, 1.0, 1e7, 2e5, 104),
    erlangA(100, 1.1, 1e7, 2e5, 105),
    erlangA(100, 1.2, 1e7, 2e5, 106),
    mms(10, 0.9, 3e8, 1e6, 107),
    erlangA(10, 1.0, 2e8, 1e6, 108),
    sinusoidal(109),
    drift(110),
  ];
}
