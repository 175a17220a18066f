import { TagInputDto, type TagDto } from '../../customers/dto/tag.dto.js';
import { Tag } from '../../customers/entities/tag.entity.js';
import { TAG_LIST, TagsService } from '../../customers/tags.service.js';
import { ListQuery } from '../../common/list/list-query.js';
import type { ResourceSpec, Resolve } from '../adapter/resource-spec.js';

/** The tag catalogue; a tag still on a live customer cannot be deleted (409, shown as an error). */
export function tagResource(resolve: Resolve): ResourceSpec<TagDto> {
  const tags = resolve(TagsService);
  return {
    entity: Tag,
    navigation: 'customers',
    titleProperty: 'name',
    listProperties: ['name', 'createdAt'],
    showProperties: ['name', 'createdAt', 'updatedAt'],
    editProperties: ['name'],
    filterProperties: ['q'],
    properties: { q: { type: 'string' } },
    sortable: Object.keys(TAG_LIST.sortable),
    defaultSort: { sortBy: 'name', direction: 'asc' },
    access: { read: 'customers.read', create: 'tags.manage', edit: 'tags.manage', delete: 'tags.manage' },
    listQuery: ListQuery,
    list: (query) => tags.list(query as ListQuery),
    get: (id) => tags.get(id),
    create: { dto: TagInputDto, run: (dto) => tags.create(dto as TagInputDto) },
    update: { dto: TagInputDto, run: (id, dto) => tags.update(id, dto as TagInputDto) },
    remove: (id) => tags.remove(id),
  };
}
