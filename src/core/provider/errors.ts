/**
 * Every failure of an OpenAI-compatible endpoint, mapped to one sentence a user understands plus the
 * one action that fixes it. Messages never contain an API key or raw HTML.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { ErrorAction, ErrorKind, StreamError } from '../stream/types';
import { redactSecrets } from './redact';

export interface ErrorContext {
  readonly baseUrl: string;
  readonly model: string;
  /** The key in use, redacted from messages even if the server echoes it. */
  readonly apiKey?: string;
  readonly requestId?: string;
  /** Retries already made, mentioned for rate limits and server errors. */
  readonly retries?: number;
}

/** Statuses worth retrying before the first token: timeouts, conflicts, rate limits, server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Node network error codes, found anywhere in an error's `cause` chain. */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** An error for the log: its network code and message, without secrets, bounded. */
export function describeError(error: unknown, apiKey: string | undefined): string {
  const code = networkErrorCode(error);
  const text = error instanceof Error ? error.message : String(error);
  return redactSecrets(code ? `${code}: ${text}` : text, [apiKey]).slice(0, 300);
}

/** Maps any error thrown by the SDK (or by fetch) to a StreamError. */
export function toStreamError(error: unknown, context: ErrorContext): StreamError {
  if (error instanceof APIConnectionTimeoutError) {
    return make(context, 'timeout', `The request to ${context.baseUrl} timed out before the server answered.`, 'retry');
  }
  if (error instanceof APIConnectionError) return connectionError(error, context);
  if (error instanceof APIError && typeof error.status === 'number') {
    return httpError(error.status, serverMessage(error), { ...context, requestId: context.requestId ?? error.requestID ?? undefined }, errorCode(error));
  }
  if (error instanceof APIError) {
    // An APIError without status is an `error` object inside the event stream.
    return streamEventError(serverMessage(error) ?? error.message, context);
  }
  if (error instanceof SyntaxError) {
    return make(context, 'streamError', `${context.baseUrl} sent an event that is not valid JSON, so the answer was stopped.`, 'showLog');
  }
  const code = networkErrorCode(error);
  if (code) return connectionError(error, context);
  const text = error instanceof Error ? error.message : String(error);
  return make(context, 'unknown', `The request to ${context.baseUrl} failed: ${sentenceBody(cleanText(text))}.`, 'showLog');
}

/** An HTTP error status with the server's message (JSON `error.message` or the first line of a page). */
export function httpError(status: number, message: string | undefined, context: ErrorContext, code?: string): StreamError {
  const detail = message ? `: ${sentenceBody(message)}` : '';
  if (status === 401 || status === 403) {
    return make(
      context,
      'auth',
      `The endpoint rejected the API key (HTTP ${status}${message ? `, "${sentenceBody(message)}"` : ''}); set a valid key for ${originOf(context.baseUrl)}.`,
      'setApiKey',
      status,
    );
  }
  if (status === 404) {
    if (code === 'model_not_found' || (message !== undefined && /model/i.test(message))) {
      return make(context, 'modelNotFound', `Model "${context.model}" was not found at ${context.baseUrl}.`, 'selectModel', status);
    }
    return make(context, 'badRequest', `Nothing answers at ${context.baseUrl}/chat/completions (HTTP 404): check tokenStream.baseUrl, it usually ends in /v1.`, 'openSettings', status);
  }
  if (status === 429) {
    const retried = context.retries ? ` after ${context.retries} ${context.retries === 1 ? 'retry' : 'retries'}` : '';
    return make(context, 'rateLimited', `The endpoint is rate limiting requests (HTTP 429)${retried}${detail}.`, 'retry', status);
  }
  if (status >= 500) {
    return make(context, 'server', `The endpoint failed with a server error (HTTP ${status})${detail}.`, 'retry', status);
  }
  if (status === 408) {
    return make(context, 'timeout', `The endpoint gave up waiting for the request (HTTP 408)${detail}.`, 'retry', status);
  }
  return make(context, 'badRequest', `The endpoint rejected the request (HTTP ${status})${detail}.`, 'showLog', status);
}

function connectionError(error: unknown, context: ErrorContext): StreamError {
  const code = networkErrorCode(error);
  const host = hostOf(context.baseUrl);
  if (code === 'ECONNREFUSED') {
    return make(context, 'connection', `Cannot reach ${context.baseUrl}: is the server running?`, 'retry');
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return make(context, 'dns', `The host name "${host}" could not be resolved: check tokenStream.baseUrl and your network.`, 'openSettings');
  }
  if (code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return make(context, 'connection', `The TLS certificate of ${host} was not accepted (${code}).`, 'openSettings');
  }
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return make(context, 'timeout', `Connecting to ${context.baseUrl} timed out: is the server reachable?`, 'retry');
  }
  const reason = code ? ` (${code})` : '';
  return make(context, 'connection', `The connection to ${context.baseUrl} failed${reason}.`, 'retry');
}

/** No chunk for `seconds`: the request was aborted by the idle timer. */
export function idleTimeoutError(seconds: number, context: ErrorContext): StreamError {
  return make(
    context,
    'timeout',
    `No data arrived from ${context.baseUrl} for ${formatSeconds(seconds)}, so the request was stopped; raise tokenStream.idleTimeoutSeconds if the model needs longer.`,
    'openSettings',
  );
}

/** The stream ended without a finish reason (the connection was cut). */
export function interruptedError(context: ErrorContext, receivedText: boolean): StreamError {
  const kept = receivedText ? '; the text received so far was kept' : '';
  return make(context, 'interrupted', `The connection to ${context.baseUrl} closed before the answer was complete${kept}.`, 'retry');
}

/** The provider's content filter ended the answer (`finish_reason: content_filter`). */
export function contentFilterError(context: ErrorContext, receivedText: boolean): StreamError {
  const kept = receivedText ? '; the text received so far was kept' : '';
  return make(context, 'contentFilter', `The provider's content filter stopped the answer${kept}.`);
}

/** The model ended its turn with a tool call (`tool_calls` / `function_call`); no tools are offered. */
export function toolCallError(context: ErrorContext, receivedText: boolean): StreamError {
  const kept = receivedText ? '; the text received so far was kept' : '';
  return make(context, 'toolCall', `The model tried to call a tool, which Token Stream does not offer, so the answer ended${kept}. Try another model.`, 'selectModel');
}

/**
 * A 200 whose body is neither an event stream nor a chat completion: usually a gateway's or proxy's page
 * (a login form) in front of the API. Names the content type and the page's title or first line.
 */
export function notStreamingError(context: ErrorContext, contentType: string | undefined, body: string): StreamError {
  const type = contentType?.split(';')[0]?.trim() || 'no content type';
  const line = firstLineOfPage(body);
  const shown = line ? `: "${sentenceBody(line)}"` : ' with an empty body';
  return make(
    context,
    'notStreaming',
    `${context.baseUrl} answered with ${type} instead of an event stream${shown}; check tokenStream.baseUrl (a gateway or proxy page looks like this).`,
    'openSettings',
  );
}

/** An `error` object sent inside the event stream (or as the body of a 200). */
export function streamEventError(message: string, context: ErrorContext): StreamError {
  return make(context, 'streamError', `The server reported an error during the answer: ${sentenceBody(message)}.`, 'retry');
}

/** True for a 400/422 whose message names `stream_options` (Mistral, Groq, Databricks reject the field). */
export function isStreamOptionsRejection(error: unknown): boolean {
  if (!(error instanceof APIError) || (error.status !== 400 && error.status !== 422)) return false;
  const text = `${error.message} ${JSON.stringify(error.error ?? '')}`;
  return /stream_options|include_usage/i.test(text);
}

/**
 * True for a 400/422 whose message names `prediction`: servers without predicted outputs (Groq: "property
 * 'prediction' is unsupported", Mistral's 422 "extra fields not permitted" with the field's location),
 * and OpenAI models that do not take it.
 */
export function isPredictionRejection(error: unknown): boolean {
  if (!(error instanceof APIError) || (error.status !== 400 && error.status !== 422)) return false;
  const text = `${error.message} ${JSON.stringify(error.error ?? '')}`;
  return /\bprediction\b/i.test(text);
}

/**
 * Turns an error body into plain text: the JSON `error.message` when there is one, otherwise the
 * first non-empty line of the body with HTML tags removed (a proxy's 502 page becomes "502 Bad Gateway").
 */
function serverMessage(error: APIError): string | undefined {
  const body = error.error as { message?: unknown } | string | undefined;
  if (body && typeof body === 'object' && typeof body.message === 'string' && body.message.trim()) {
    return cleanText(body.message);
  }
  if (typeof body === 'string' && body.trim()) return firstLineOfPage(body);
  // Without a JSON body the SDK puts "<status> <raw text>" in the message.
  const raw = typeof error.status === 'number' ? error.message.replace(new RegExp(`^${error.status}\\s*`), '') : error.message;
  if (!raw || /^status code \(no body\)$/.test(raw)) return undefined;
  return firstLineOfPage(raw);
}

/** First line of text of an HTML (or plain) page, tags and entities stripped, at most 160 characters. */
export function firstLineOfPage(page: string): string | undefined {
  const text = page
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, (m) => (/^<head/i.test(m) ? titleOf(m) : '\n'))
    .replace(/<!--[\s\S]*?-->/g, '\n')
    .replace(/<[^>]*>/g, '\n');
  for (const line of decodeEntities(text).split(/\r?\n/)) {
    const trimmed = line.replace(/\s+/g, ' ').trim();
    if (trimmed) return truncate(trimmed, 160);
  }
  return undefined;
}

function titleOf(head: string): string {
  const match = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(head);
  return match ? `\n${match[1]}\n` : '\n';
}

function decodeEntities(text: string): string {
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

function cleanText(text: string): string {
  // A JSON message may still carry markup or several lines; keep the first line only.
  return firstLineOfPage(text) ?? text.trim();
}

function errorCode(error: APIError): string | undefined {
  return typeof error.code === 'string' ? error.code : undefined;
}

/** A message fragment that can sit inside a sentence: no trailing period, bounded length. */
function sentenceBody(text: string): string {
  return truncate(text.trim(), 200).replace(/[.!\s]+$/, '');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function formatSeconds(seconds: number): string {
  const rounded = Math.round(seconds * 100) / 100;
  return `${rounded} ${rounded === 1 ? 'second' : 'seconds'}`;
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname;
  } catch {
    return baseUrl;
  }
}

function originOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return baseUrl;
  }
}

function make(context: ErrorContext, kind: ErrorKind, message: string, action?: ErrorAction, status?: number): StreamError {
  return {
    kind,
    message: redactSecrets(message, [context.apiKey]),
    ...(action ? { action } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(context.requestId ? { requestId: context.requestId } : {}),
  };
}
