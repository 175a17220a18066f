import { Module } from '@nestjs/common';
import { CampusesController } from './campuses.controller.js';
import { CampusesService } from './campuses.service.js';
import { ClassesController } from './classes.controller.js';
import { ClassesService } from './classes.service.js';
import { CoursesController } from './courses.controller.js';
import { CoursesService } from './courses.service.js';
import { LessonsController } from './lessons.controller.js';
import { LessonsService } from './lessons.service.js';
import { StudyRecordsController } from './study-records.controller.js';
import { StudyRecordsService } from './study-records.service.js';

/** Courses, campuses (branches), classes, lessons (course records) and study records. */
@Module({
  controllers: [CoursesController, CampusesController, ClassesController, LessonsController, StudyRecordsController],
  providers: [CoursesService, CampusesService, ClassesService, LessonsService, StudyRecordsService],
  exports: [StudyRecordsService],
})
export class TeachingModule {}
