drop table "public"."t";

create sequence "public"."entity_bindings_id_seq" as bigint increment by 1 minvalue 1 maxvalue 9223372036854775807 start with 1 cache 1 no cycle;

create table "public"."entity_bindings" (
    "id" bigint default nextval('public.entity_bindings_id_seq'::regclass) not null,
    "entity_type" text not null,
    "entity_id" bigint not null
);

create table "public"."entity_bindings_a" (
) inherits ("public"."entity_bindings");

create table "public"."entity_bindings_b" (
) inherits ("public"."entity_bindings");

create table "public"."entity_bindings_c" (
) inherits ("public"."entity_bindings");

alter sequence "public"."entity_bindings_id_seq" owned by "public"."entity_bindings"."id";

alter table "public"."entity_bindings_a" add constraint "entity_type must be A" CHECK ((entity_type = 'A'::text));

alter table "public"."entity_bindings_a" add constraint "entity_bindings_a_entity_id_entity_type_key" UNIQUE (entity_id, entity_type);

alter table "public"."entity_bindings_b" add constraint "entity_type must be B" CHECK ((entity_type = 'B'::text));

alter table "public"."entity_bindings_b" add constraint "entity_bindings_b_entity_id_entity_type_key" UNIQUE (entity_id, entity_type);

alter table "public"."entity_bindings_c" add constraint "entity_type must be C" CHECK ((entity_type = 'C'::text));

alter table "public"."entity_bindings_c" add constraint "entity_bindings_c_entity_id_entity_type_key" UNIQUE (entity_id, entity_type);
