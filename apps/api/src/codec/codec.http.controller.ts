import { Body, Controller, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AesGcmPayloadCodec, encryptedPayloadKeyIds, payloadFromJson, payloadToJson } from '@tramites/infra';
import { AccessLogRepository } from '@tramites/persistence';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { CodecRequestDto, CodecResponseDto } from './codec.dto';

const WORKFLOW_ID = /^[\x21-\x7e]{1,255}$/;

/** The namespace every codec call names (Temporal's codec server protocol): required, printable ASCII. */
function requiredNamespace(namespace: string | undefined): string {
  if (namespace && WORKFLOW_ID.test(namespace)) return namespace;
  const message = namespace
    ? 'X-Namespace debe ser el nombre de un espacio de nombres de Temporal (1 a 255 caracteres ASCII visibles)'
    : 'X-Namespace es obligatorio (el espacio de nombres de Temporal de los payloads)';
  return invalid(message);
}

function invalid(message: string): never {
  throw new ApiError('VALIDATION.FAILED', `La solicitud tiene datos no válidos: ${message}`, { fields: [{ field: 'X-Namespace', message }] }, 400);
}

/**
 * Temporal's codec server protocol (ADR 0014): the Web UI (`--ui-codec-endpoint`) and the
 * CLI (`--codec-endpoint`, `--codec-auth`) send the payloads they show here to be decrypted.
 * Only auditors and administrators; every call is recorded in codec_access_log (who, the
 * namespace, the workflow when the caller names it, how many payloads under which keys).
 */
@ApiTags('codec')
@ApiBearerAuth()
@ApiHeader({
  name: 'X-Namespace',
  required: true,
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
  description: 'Espacio de nombres de Temporal (lo envían la consola web y el CLI); se registra',
})
@ApiHeader({
  name: 'X-Workflow-Id',
  required: false,
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
  description: 'Flujo cuyos datos se leen, si el cliente lo indica (se registra)',
})
@ApiResponse({ status: 400, description: 'Cuerpo no válido (VALIDATION.FAILED)' })
@ApiResponse({ status: 401, description: 'Sin token o token no válido (AUTH.TOKEN_REQUIRED, AUTH.TOKEN_INVALID)' })
@ApiResponse({ status: 403, description: 'Solo auditores y administradores (AUTH.ROLE_NOT_ALLOWED)' })
@Controller('codec')
export class CodecController {
  constructor(
    @Inject(AesGcmPayloadCodec) private readonly codec: AesGcmPayloadCodec,
    private readonly accessLog: AccessLogRepository,
  ) {}

  @Post('decode')
  @HttpCode(200)
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Descifra payloads de Temporal para la consola web o el CLI (servidor de códec); cada uso queda registrado' })
  @ApiResponse({ status: 200, type: CodecResponseDto, description: 'Los payloads descifrados; los que no estaban cifrados, tal cual' })
  @ApiResponse({ status: 422, description: 'Un payload no se puede descifrar: clave desconocida o datos alterados (CODEC.UNDECRYPTABLE)' })
  async decode(
    @CurrentPrincipal() p: Principal,
    @Body() body: CodecRequestDto,
    @Headers('x-namespace') namespace?: string,
    @Headers('x-workflow-id') workflowId?: string,
  ): Promise<CodecResponseDto> {
    const ns = requiredNamespace(namespace);
    const payloads = body.payloads.map(payloadFromJson);
    // Recorded before the answer: a decode that is not in the log does not happen.
    await this.record(p, 'decode', ns, workflowId, payloads.length, encryptedPayloadKeyIds(payloads));
    try {
      return { payloads: (await this.codec.decode(payloads)).map(payloadToJson) };
    } catch {
      throw new ApiError('CODEC.UNDECRYPTABLE', 'Un payload no se puede descifrar: su clave no está configurada o sus datos fueron alterados.', undefined, 422);
    }
  }

  @Post('encode')
  @HttpCode(200)
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Cifra payloads con la clave vigente (la consola web lo usa para las entradas que envía)' })
  @ApiResponse({ status: 200, type: CodecResponseDto, description: 'Los payloads cifrados con la clave vigente' })
  async encode(
    @CurrentPrincipal() p: Principal,
    @Body() body: CodecRequestDto,
    @Headers('x-namespace') namespace?: string,
    @Headers('x-workflow-id') workflowId?: string,
  ): Promise<CodecResponseDto> {
    const ns = requiredNamespace(namespace);
    const payloads = body.payloads.map(payloadFromJson);
    await this.record(p, 'encode', ns, workflowId, payloads.length, [this.codec.currentKeyId]);
    return { payloads: (await this.codec.encode(payloads)).map(payloadToJson) };
  }

  private async record(
    p: Principal,
    action: 'decode' | 'encode',
    namespace: string,
    workflowId: string | undefined,
    count: number,
    keyIds: string[],
  ): Promise<void> {
    const wf = workflowId && WORKFLOW_ID.test(workflowId) ? workflowId : null;
    await this.accessLog.recordCodecAccess({
      actorId: p.sub,
      actorRole: p.role,
      action,
      namespace,
      workflowId: wf,
      payloads: count,
      keyIds,
    });
  }
}
