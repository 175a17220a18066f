import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, getSchemaPath } from '@nestjs/swagger';

export class PageMetaDto {
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({ description: 'Rows matching the filters, over all pages, counted up to 10,000' }) total: number;
  @ApiProperty({ description: 'More rows match than `total`: counting stopped at 10,000' }) totalCapped: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` (with the same sort and filters) for the next page; null on the last page',
  })
  next: string | null;
}

/** Documents a list answer `{ data: Model[], meta }`. */
export function ApiPage(model: Type<unknown>) {
  return applyDecorators(
    ApiExtraModels(model, PageMetaDto),
    ApiOkResponse({
      schema: {
        type: 'object',
        required: ['data', 'meta'],
        properties: {
          data: { type: 'array', items: { $ref: getSchemaPath(model) } },
          meta: { $ref: getSchemaPath(PageMetaDto) },
        },
      },
    }),
  );
}
