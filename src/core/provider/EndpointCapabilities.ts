/**
 * What we learned about each endpoint while talking to it, shared by every provider instance
 * so a lesson (for example "this server rejects stream_options") is paid for once per session.
 */
import type { ContinuationMode } from '../stream/types';

export class EndpointCapabilities {
  private readonly rejectsStreamOptionsFor = new Set<string>();
  private readonly rejectsPredictionFor = new Set<string>();
  private readonly refusedContinuationModesFor = new Map<string, Set<ContinuationMode>>();
  private readonly opensReasoningFor = new Map<string, boolean>();

  /**
   * What a stream of this model showed before: its template opens the reasoning block (a lone `</think>`
   * came), or not (it was treated so and no closing tag came); undefined when nothing was learned.
   */
  opensReasoning(baseUrl: string, model: string): boolean | undefined {
    return this.opensReasoningFor.get(modelKey(baseUrl, model));
  }

  markOpensReasoning(baseUrl: string, model: string, opens: boolean): void {
    this.opensReasoningFor.set(modelKey(baseUrl, model), opens);
  }

  /** True when the endpoint answered 400/422 naming `stream_options` before. */
  rejectsStreamOptions(baseUrl: string): boolean {
    return this.rejectsStreamOptionsFor.has(endpointKey(baseUrl));
  }

  markRejectsStreamOptions(baseUrl: string): void {
    this.rejectsStreamOptionsFor.add(endpointKey(baseUrl));
  }

  /**
   * True when the endpoint answered 400/422 naming `prediction` before, for this model: OpenAI accepts
   * predicted outputs for some models only, so one model's refusal says nothing about the next.
   */
  rejectsPrediction(baseUrl: string, model: string): boolean {
    return this.rejectsPredictionFor.has(modelKey(baseUrl, model));
  }

  markRejectsPrediction(baseUrl: string, model: string): void {
    this.rejectsPredictionFor.add(modelKey(baseUrl, model));
  }

  /** The continuation modes the endpoint refused or ignored before (see core/continue). */
  refusedContinuationModes(baseUrl: string): ReadonlySet<ContinuationMode> {
    return this.refusedContinuationModesFor.get(endpointKey(baseUrl)) ?? new Set();
  }

  markContinuationRefused(baseUrl: string, mode: ContinuationMode): void {
    const key = endpointKey(baseUrl);
    const refused = this.refusedContinuationModesFor.get(key) ?? new Set<ContinuationMode>();
    refused.add(mode);
    this.refusedContinuationModesFor.set(key, refused);
  }
}

/** One key per model of an endpoint (for lessons that hold for one model only). */
function modelKey(baseUrl: string, model: string): string {
  return `${endpointKey(baseUrl)} ${model}`;
}

/** One key per endpoint: a trailing slash or letter case in the host does not make a new endpoint. */
function endpointKey(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return baseUrl.trim().replace(/\/+$/, '');
  }
}
